import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Transaction } from '@vt/database';
import { amsterdamDate, DeadlinesService } from '@vt/deadlines';
import { Case } from './case.entity';
import { DATA_CATEGORIES } from './case-partner.entity';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CaseWorkRepository } from './case-work.repository';
import { CasesException } from './cases.exception';
import { ChildChecksService } from './child-checks.service';
import { DataProtection, normaliseName } from './data-protection';
import { FollowUpChecksService } from './follow-up-checks.service';
import { IntakeRepository } from './intake.repository';
import { InvolvementRole } from './person.entity';
import { RegionRadarService } from './region-radar.service';
import { Report } from './report.entity';
import { assessRisk } from './risk';
import { RiskAssessmentsRepository } from './risk-assessments.repository';
import { RiskAssessmentsService } from './risk-assessments.service';

export interface PersonInput {
  role: InvolvementRole;
  bsn?: string;
  firstName: string;
  lastName: string;
  dateOfBirth?: string;
}

export interface ReporterInput {
  kind: 'professional' | 'citizen' | 'police';
  name?: string;
  organisation?: string;
  phone?: string;
  email?: string;
}

export interface ReportInput {
  receivedAt: Date;
  acute: boolean;
  channel: string;
  reporter: ReporterInput;
  persons: PersonInput[];
  violenceTypes: string[];
  redFlags: string[];
  narrative?: string;
}

/** The statutory task under which Veilig Thuis holds its own cases. */
const VT_LEGAL_BASIS_REF = 'Wmo 2015 art. 4.1.1';
/** A clock a little ahead at the reporting side is not a report from the future. */
export const CLOCK_SKEW_MS = 2 * 60_000;

/** Persons linked to one case, over all its reports (a household with its network fits well within). */
export const MAX_PERSONS_PER_CASE = 30;

export interface IntakeResult {
  caseId: string;
  /** False when the report was attached to an existing open case. */
  created: boolean;
}

/** Intake of meldingen: new cases, reports on existing ones, persons, radar and risk. */
@Injectable()
export class IntakeService {
  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly protection: DataProtection,
    private readonly childChecks: ChildChecksService,
    private readonly riskAssessments: RiskAssessmentsService,
    private readonly regions: RegionRadarService,
    private readonly followUp: FollowUpChecksService,
    private readonly repository: IntakeRepository,
    private readonly caseWork: CaseWorkRepository,
    private readonly assessments: RiskAssessmentsRepository,
  ) {}

  /** `within` runs in the intake's transaction (an advice request turned into this report). */
  async create(
    actor: Actor,
    input: ReportInput,
    within?: (manager: Transaction, caseId: string) => Promise<void>,
  ): Promise<IntakeResult> {
    const { reach } = actor;
    if (!reach.ability.can('create', 'Case')) throw CasesException.forbidden();
    this.assertReceivable(input);
    return this.store.transaction(async (manager) => {
      const { caseId, personRefs } = await this.openCase(reach, manager, actor, input, null);
      if (within) await within(manager, caseId);
      await this.store.recordAudit(
        manager,
        actor,
        { action: 'create', subjectType: 'Case' },
        { id: caseId, organisationId: actor.principal.organisationId },
        { personRefs },
      );
      return { caseId, created: true };
    });
  }

  /**
   * A new report on an open case is attached to it; on a closed case it opens a new case linked
   * to the old one, with the old case's persons.
   */
  async addReport(actor: Actor, caseId: string, input: ReportInput): Promise<IntakeResult> {
    this.assertReceivable(input);
    return this.store.write<IntakeResult>(
      actor,
      caseId,
      { operation: 'add_report', audit: { action: 'update', subjectType: 'Case' } },
      async (tx) => {
        const { reach } = actor;
        if (tx.case.phase === 'closed') {
          const successor = await this.openCase(reach, tx.manager, actor, input, tx.case);
          await this.store.recordAudit(
            tx.manager,
            actor,
            { action: 'create', subjectType: 'Case' },
            { id: successor.caseId, organisationId: tx.case.organisationId },
            { personRefs: successor.personRefs },
          );
          // Links between cases are the receiving organisation's business, like the radar.
          await tx.event('successor_opened', 'reporter', { successorCaseId: successor.caseId });
          return { result: { caseId: successor.caseId, created: true }, subjectId: successor.caseId };
        }
        const personRefs = await this.attach(reach, tx, input);
        return { result: { caseId, created: false }, personRefs };
      },
    );
  }

  private async openCase(
    reach: CaseReach,
    manager: Transaction,
    actor: Actor,
    input: ReportInput,
    predecessor: Case | null,
  ): Promise<{ caseId: string; personRefs: string[] }> {
    const organisationId = actor.principal.organisationId;
    const now = this.store.clock.now();
    const reference = unnumbered();
    const saved = await this.repository.insertCase(reach, manager, {
      reference,
      organisationId,
      phase: 'triage',
      acute: input.acute,
      receivedAt: input.receivedAt,
      regieOrganisationId: organisationId,
      regisseurUserId: null,
      violenceTypes: unique(input.violenceTypes),
      redFlags: unique(input.redFlags),
      riskLevel: 'low',
      riskReasons: [],
      repeatWithin12Months: false,
      predecessorCaseId: predecessor?.id ?? null,
      updatedAt: now,
    });
    await this.repository.insertMembership(reach, manager, {
      caseId: saved.id,
      caseSeq: saved.seq,
      organisationId,
      legalBasis: 'statutory',
      legalBasisRef: VT_LEGAL_BASIS_REF,
      categories: [...DATA_CATEGORIES],
      addedBy: actor.principal.userId,
      addedAt: now,
    });
    const report = await this.saveReport(reach, manager, actor, saved.id, input);
    const tx = this.store.scope(manager, actor, saved);
    await tx.event('case_opened', 'basic', { reference });
    if (predecessor) {
      await tx.event('predecessor_linked', 'reporter', { predecessorCaseId: predecessor.id });
      await this.repository.linkPredecessor(reach, manager, saved.id, predecessor.id, report.id);
    }
    const personRefs = await this.linkPersons(reach, manager, saved, report, input.persons);
    await this.childChecks.openDeadlines(manager, saved.id, input.receivedAt, input.acute);
    await tx.event('report_received', 'basic', { reportId: report.id, channel: input.channel, acute: input.acute });
    await this.deadlines.open(
      manager,
      { caseId: saved.id, kind: 'safety_assessment' },
      input.receivedAt,
      this.deadlines.safetyAssessmentDueAt(input.receivedAt, input.acute),
    );
    await this.applyRadarAndRisk(reach, tx, report);
    // A household assessed on the closed case: the new report calls for a new look.
    if (predecessor && (await this.assessments.hasAssessment(reach, manager, predecessor.id))) {
      await this.riskAssessments.markReassessmentDue(reach, tx, 'new_report');
    }
    await this.number(reach, manager, saved.id, organisationId, now);
    return { caseId: saved.id, personRefs };
  }

  private async attach(reach: CaseReach, tx: CaseScope, input: ReportInput): Promise<string[]> {
    const report = await this.saveReport(reach, tx.manager, tx.actor, tx.case.id, input);
    const personRefs = await this.linkPersons(reach, tx.manager, tx.case, report, input.persons);
    await this.childChecks.openDeadlines(tx.manager, tx.case.id, input.receivedAt, input.acute);
    const newRedFlag = input.redFlags.some((flag) => !tx.case.redFlags.includes(flag));
    // Merged here, written with the new risk level below.
    Object.assign(tx.case, {
      acute: tx.case.acute || input.acute,
      redFlags: unique([...tx.case.redFlags, ...input.redFlags]),
      violenceTypes: unique([...tx.case.violenceTypes, ...input.violenceTypes]),
    });
    await tx.event('report_received', 'basic', { reportId: report.id, channel: input.channel, acute: input.acute });
    // An acute report on a case still in triage brings its safety assessment forward.
    if (input.acute && tx.case.phase === 'triage') {
      const dueAt = this.deadlines.safetyAssessmentDueAt(input.receivedAt, true);
      const [open] = await this.deadlines
        .forCases(tx.manager, [tx.case.id])
        .then((all) => all.filter((d) => d.kind === 'safety_assessment' && d.status === 'open'));
      if (open && open.dueAt > dueAt) {
        await this.deadlines.reschedule(tx.manager, { caseId: tx.case.id, kind: 'safety_assessment' }, dueAt);
      }
    }
    await this.applyRadarAndRisk(reach, tx, report);
    await this.riskAssessments.markReassessmentDue(
      reach,
      tx,
      'new_report',
      ...(newRedFlag ? (['new_red_flag'] as const) : []),
    );
    return personRefs;
  }

  private assertReceivable(input: ReportInput): void {
    if (input.receivedAt.getTime() > this.store.clock.now().getTime() + CLOCK_SKEW_MS) {
      throw CasesException.invalid('receivedAt', 'mag niet in de toekomst liggen / may not lie in the future');
    }
    if (!this.deadlines.covers(input.receivedAt)) {
      throw CasesException.invalid('receivedAt', 'valt buiten de termijnenkalender / outside the deadline calendar');
    }
  }

  /**
   * Gapless per organisation and year: the counter row stays locked until the intake commits, so
   * the case is numbered last, just before its audit entry and the commit. Intakes of one
   * organisation queue on that row, each only for this end of the other's transaction.
   */
  private async number(
    reach: CaseReach,
    manager: Transaction,
    caseId: string,
    organisationId: string,
    now: Date,
  ): Promise<void> {
    const year = amsterdamDate(now).slice(0, 4);
    // Past 999999 nothing is numbered and the intake is refused.
    const last = await this.repository.number(reach, manager, caseId, organisationId, year);
    if (last > 999_999) throw CasesException.conflict('Referentienummers van dit jaar zijn op');
  }

  private saveReport(reach: CaseReach, manager: Transaction, actor: Actor, caseId: string, input: ReportInput) {
    const { kind, ...identity } = input.reporter;
    const sealed = this.protection.seal(JSON.stringify(identity), 'reporter');
    return this.repository.saveReport(reach, manager, {
      caseId,
      organisationId: actor.principal.organisationId,
      receivedAt: input.receivedAt,
      acute: input.acute,
      channel: input.channel,
      reporterKind: kind,
      reporterCiphertext: sealed.ciphertext,
      reporterKeyId: sealed.keyId,
      violenceTypes: unique(input.violenceTypes),
      redFlags: unique(input.redFlags),
      narrative: input.narrative ?? null,
      createdBy: actor.principal.userId,
    });
  }

  /**
   * Finds each person among the organisation's earlier persons (keyed BSN hash; otherwise
   * normalised name plus date of birth) or registers them, and links them to the case.
   */
  private async linkPersons(
    reach: CaseReach,
    manager: Transaction,
    target: Case,
    report: Report,
    persons: PersonInput[],
  ) {
    const ids: string[] = [];
    for (const person of persons) {
      const id = await this.findOrRegister(reach, manager, target.organisationId, person);
      await this.repository.linkPerson(reach, manager, target.id, id, person.role, report.id);
      ids.push(id);
    }
    // Reports add persons one batch at a time; the limit is the case's, whichever report brings them.
    const linked = await this.repository.linkedPersonCount(reach, manager, target.id);
    if (linked > MAX_PERSONS_PER_CASE) {
      throw CasesException.invalid(
        'persons',
        `een casus heeft hoogstens ${MAX_PERSONS_PER_CASE} betrokkenen, met deze melding ${linked} / a case has at most ${MAX_PERSONS_PER_CASE} persons`,
      );
    }
    return unique(ids);
  }

  private async findOrRegister(
    reach: CaseReach,
    manager: Transaction,
    organisationId: string,
    input: PersonInput,
  ): Promise<string> {
    const nameKey = this.protection.matchKey(
      'name',
      `${normaliseName(input.lastName)}|${normaliseName(input.firstName)}|${input.dateOfBirth ?? ''}`,
    );
    const bsnHash = input.bsn ? this.protection.matchKey('bsn', input.bsn) : null;
    if (!bsnHash && input.dateOfBirth) {
      const byName = await this.repository.personByName(reach, manager, organisationId, nameKey);
      if (byName) return byName.id;
    }
    if (bsnHash) {
      // A person first registered without a BSN is recognised by name and gets it now.
      const unnamed = input.dateOfBirth
        ? await this.repository.personWithoutBsn(reach, manager, organisationId, nameKey, bsnHash)
        : undefined;
      if (unnamed !== undefined) {
        const sealed = this.protection.seal(input.bsn!, 'bsn');
        await this.repository.setPersonBsn(reach, manager, unnamed, {
          bsnCiphertext: sealed.ciphertext,
          bsnKeyId: sealed.keyId,
          bsnHash,
        });
        return unnamed;
      }
    }
    const sealed = input.bsn ? this.protection.seal(input.bsn, 'bsn') : null;
    return this.repository.registerPerson(reach, manager, {
      organisationId,
      firstName: input.firstName,
      lastName: input.lastName,
      dateOfBirth: input.dateOfBirth ?? null,
      bsnCiphertext: sealed?.ciphertext ?? null,
      bsnKeyId: sealed?.keyId ?? null,
      bsnHash,
      nameKey,
    });
  }

  /** Links cases that share persons, flags a repeat within 12 months and sets the risk level. */
  private async applyRadarAndRisk(reach: CaseReach, tx: CaseScope, report: Report): Promise<void> {
    const related = await this.repository.linkSharedPersonCases(reach, tx.manager, tx.case.id);
    const repeat = await this.repository.repeatWithin12Months(
      reach,
      tx.manager,
      tx.case.id,
      tx.case.organisationId,
      report,
    );
    const repeatWithin12Months =
      repeat || tx.case.repeatWithin12Months || (await this.regions.repeatElsewhere(reach, tx));
    await this.rate(reach, tx, repeatWithin12Months);
    await this.followUp.flagNewReport(tx, report);
    await this.regions.match(reach, tx);
    if (related.length > 0) {
      // Other cases are the receiving organisation's business: this event stays with it, like the reporter.
      await tx.event('radar_linked', 'reporter', { relatedCases: related.length, repeatWithin12Months });
    }
  }

  /**
   * Saves the report's merge into the case and the repeat flag, and rates the risk: once assessed
   * with an instrument, the case's risk is its latest assessment's until the next one (a report
   * marks it for reassessment); before that, the red flags rate it.
   */
  private async rate(reach: CaseReach, tx: CaseScope, repeatWithin12Months: boolean): Promise<void> {
    const assessed = await this.assessments.hasAssessment(reach, tx.manager, tx.case.id);
    const risk = assessed
      ? null
      : assessRisk({
          acute: tx.case.acute,
          redFlags: tx.case.redFlags,
          violenceTypes: tx.case.violenceTypes,
          repeatWithin12Months,
        });
    await this.caseWork.updateCase(reach, tx.manager, tx.case.id, {
      acute: tx.case.acute,
      violenceTypes: tx.case.violenceTypes,
      redFlags: tx.case.redFlags,
      ...(risk ? { riskLevel: risk.level, riskReasons: risk.reasons } : {}),
      repeatWithin12Months,
      updatedAt: tx.now,
    });
    if (risk) await tx.event('risk_assessed', 'safety', { riskLevel: risk.level, reasons: risk.reasons });
  }

  /**
   * The radar across regions again, on demand (docs/search.md): the persons of the case are matched
   * anew against the Veilig Thuis organisations of other regions, so a report made before the
   * other side knew the person, or before an organisation moved region, is found now. New hits are
   * recorded and audited both ways as at intake; a hit that makes the case a repeat within 12
   * months flags it and rates its risk again. Whoever sees the radar may ask (the receiving
   * organisation).
   */
  refreshRadar(actor: Actor, caseId: string) {
    return this.store.write(
      actor,
      caseId,
      { permission: 'read_related', audit: { action: 'search', subjectType: 'RegionRadar' } },
      async (tx) => {
        const { reach } = actor;
        const hits = await this.regions.match(reach, tx);
        const repeat = !tx.case.repeatWithin12Months && (await this.regions.repeatElsewhere(reach, tx));
        if (repeat) await this.rate(reach, tx, true);
        if (hits > 0 || repeat) {
          await tx.event('radar_refreshed', 'reporter', { otherRegions: hits, repeatWithin12Months: repeat });
        }
        return { result: undefined, subjectId: caseId };
      },
    );
  }
}

/**
 * The reference a case has until it is numbered at the end of its intake: year 0000, which no
 * real reference has. Another intake drawing the same one waits for this one's end, nothing more.
 * Nothing the intake writes may name the case by it (a new case has no regisseur to notify); its
 * opening event does, and numbering corrects that.
 */
function unnumbered(): string {
  return `VT-0000-${String(randomInt(1_000_000)).padStart(6, '0')}`;
}

function unique<T>(values: T[]): T[] {
  return [...new Set(values)];
}

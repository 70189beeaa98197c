import { randomInt } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { defineAbilityFor } from '@vt/access';
import { amsterdamDate, DeadlinesService } from '@vt/deadlines';
import { EntityManager } from 'typeorm';
import { Case } from './case.entity';
import { CasePartner, DATA_CATEGORIES } from './case-partner.entity';
import { CaseLink } from './case-record.entity';
import { Actor, CaseScope, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { ChildChecksService } from './child-checks.service';
import { DataProtection, normaliseName } from './data-protection';
import { FollowUpChecksService } from './follow-up-checks.service';
import { CasePerson, InvolvementRole, Person } from './person.entity';
import { RegionRadarService } from './region-radar.service';
import { Report } from './report.entity';
import { CaseRiskAssessment } from './risk-assessment.entity';
import { assessRisk } from './risk';
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
  ) {}

  /** `within` runs in the intake's transaction (an advice request turned into this report). */
  async create(
    actor: Actor,
    input: ReportInput,
    within?: (manager: EntityManager, caseId: string) => Promise<void>,
  ): Promise<IntakeResult> {
    if (!defineAbilityFor(actor.principal).can('create', 'Case')) throw CasesException.forbidden();
    this.assertReceivable(input);
    return this.store.transaction(async (manager) => {
      const { caseId, personRefs } = await this.openCase(manager, actor, input, null);
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
        if (tx.case.phase === 'closed') {
          const successor = await this.openCase(tx.manager, actor, input, tx.case);
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
        const personRefs = await this.attach(tx, input);
        return { result: { caseId, created: false }, personRefs };
      },
    );
  }

  private async openCase(
    manager: EntityManager,
    actor: Actor,
    input: ReportInput,
    predecessor: Case | null,
  ): Promise<{ caseId: string; personRefs: string[] }> {
    const organisationId = actor.principal.organisationId;
    const now = this.store.clock.now();
    const reference = unnumbered();
    const cases = manager.getRepository(Case);
    const created = await cases.save(
      cases.create({
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
      }),
    );
    const saved = await cases.findOneByOrFail({ id: created.id });
    await manager.getRepository(CasePartner).insert({
      caseId: saved.id,
      caseSeq: saved.seq,
      organisationId,
      legalBasis: 'statutory',
      legalBasisRef: VT_LEGAL_BASIS_REF,
      categories: [...DATA_CATEGORIES],
      addedBy: actor.principal.userId,
      addedAt: now,
    });
    const report = await this.saveReport(manager, actor, saved.id, input);
    const tx = this.store.scope(manager, actor, saved);
    await tx.event('case_opened', 'basic', { reference });
    if (predecessor) {
      await tx.event('predecessor_linked', 'reporter', { predecessorCaseId: predecessor.id });
      await manager
        .getRepository(CaseLink)
        .insert({ caseId: saved.id, relatedCaseId: predecessor.id, reason: 'successor' });
      const carried = await manager.getRepository(CasePerson).findBy({ caseId: predecessor.id });
      await manager
        .getRepository(CasePerson)
        .insert(carried.map((p) => ({ caseId: saved.id, personId: p.personId, role: p.role, reportId: report.id })));
    }
    const personRefs = await this.linkPersons(manager, saved, report, input.persons);
    await this.childChecks.openDeadlines(manager, saved.id, input.receivedAt, input.acute);
    await tx.event('report_received', 'basic', { reportId: report.id, channel: input.channel, acute: input.acute });
    await this.deadlines.open(
      manager,
      { caseId: saved.id, kind: 'safety_assessment' },
      input.receivedAt,
      this.deadlines.safetyAssessmentDueAt(input.receivedAt, input.acute),
    );
    await this.applyRadarAndRisk(tx, report);
    // A household assessed on the closed case: the new report calls for a new look.
    if (predecessor && (await manager.getRepository(CaseRiskAssessment).existsBy({ caseId: predecessor.id }))) {
      await this.riskAssessments.markReassessmentDue(tx, 'new_report');
    }
    await this.number(manager, saved.id, organisationId, now);
    return { caseId: saved.id, personRefs };
  }

  private async attach(tx: CaseScope, input: ReportInput): Promise<string[]> {
    const report = await this.saveReport(tx.manager, tx.actor, tx.case.id, input);
    const personRefs = await this.linkPersons(tx.manager, tx.case, report, input.persons);
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
    await this.applyRadarAndRisk(tx, report);
    await this.riskAssessments.markReassessmentDue(
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
  private async number(manager: EntityManager, caseId: string, organisationId: string, now: Date): Promise<void> {
    const year = amsterdamDate(now).slice(0, 4);
    // One round trip: the counter, the case's reference and its case_opened event, which named the
    // placeholder. Past 999999 nothing is numbered and the intake is refused below.
    const [row] = (await manager.query(
      `WITH counter AS (
         INSERT INTO case_reference_counters (organisation_id, year, last_number) VALUES ($1, $2::int, 1)
         ON CONFLICT (organisation_id, year) DO UPDATE SET last_number = case_reference_counters.last_number + 1
         RETURNING last_number),
       numbered AS (
         UPDATE cases SET reference = 'VT-' || $2 || '-' || lpad(counter.last_number::text, 6, '0')
           FROM counter WHERE cases.id = $3 AND counter.last_number <= 999999
         RETURNING cases.reference),
       opened AS (
         UPDATE case_events SET data = jsonb_set(data, '{reference}', to_jsonb(numbered.reference))
           FROM numbered WHERE case_events.case_id = $3 AND case_events.type = 'case_opened')
       SELECT counter.last_number FROM counter`,
      [organisationId, year, caseId],
    )) as { last_number: number }[];
    if (row.last_number > 999_999) throw CasesException.conflict('Referentienummers van dit jaar zijn op');
  }

  private async saveReport(manager: EntityManager, actor: Actor, caseId: string, input: ReportInput) {
    const { kind, ...identity } = input.reporter;
    const sealed = this.protection.seal(JSON.stringify(identity), 'reporter');
    const reports = manager.getRepository(Report);
    return reports.save(
      reports.create({
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
      }),
    );
  }

  /**
   * Finds each person among the organisation's earlier persons (keyed BSN hash; otherwise
   * normalised name plus date of birth) or registers them, and links them to the case.
   */
  private async linkPersons(manager: EntityManager, target: Case, report: Report, persons: PersonInput[]) {
    const ids: string[] = [];
    for (const person of persons) {
      const id = await this.findOrRegister(manager, target.organisationId, person);
      await manager.query(
        `INSERT INTO case_persons (case_id, person_id, role, report_id) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING`,
        [target.id, id, person.role, report.id],
      );
      ids.push(id);
    }
    // Reports add persons one batch at a time; the limit is the case's, whichever report brings them.
    const [{ linked }] = (await manager.query(
      `SELECT count(DISTINCT person_id)::int AS linked FROM case_persons WHERE case_id = $1`,
      [target.id],
    )) as { linked: number }[];
    if (linked > MAX_PERSONS_PER_CASE) {
      throw CasesException.invalid(
        'persons',
        `een casus heeft hoogstens ${MAX_PERSONS_PER_CASE} betrokkenen, met deze melding ${linked} / a case has at most ${MAX_PERSONS_PER_CASE} persons`,
      );
    }
    return unique(ids);
  }

  private async findOrRegister(manager: EntityManager, organisationId: string, input: PersonInput): Promise<string> {
    const nameKey = this.protection.matchKey(
      'name',
      `${normaliseName(input.lastName)}|${normaliseName(input.firstName)}|${input.dateOfBirth ?? ''}`,
    );
    const bsnHash = input.bsn ? this.protection.matchKey('bsn', input.bsn) : null;
    const persons = manager.getRepository(Person);
    if (!bsnHash && input.dateOfBirth) {
      const byName = await persons.findOne({ where: { organisationId, nameKey }, order: { id: 'ASC' } });
      if (byName) return byName.id;
    }
    if (bsnHash) {
      // A person first registered without a BSN is recognised by name and gets it now.
      const unnamed = input.dateOfBirth
        ? await manager.query(
            `SELECT id FROM persons WHERE organisation_id = $1 AND name_key = $2 AND bsn_hash IS NULL
             AND NOT EXISTS (SELECT 1 FROM persons WHERE organisation_id = $1 AND bsn_hash = $3) LIMIT 1`,
            [organisationId, nameKey, bsnHash],
          )
        : [];
      if ((unnamed as { id: string }[]).length > 0) {
        const sealed = this.protection.seal(input.bsn!, 'bsn');
        const id = (unnamed as { id: string }[])[0].id;
        await persons.update(id, { bsnCiphertext: sealed.ciphertext, bsnKeyId: sealed.keyId, bsnHash });
        return id;
      }
    }
    const sealed = input.bsn ? this.protection.seal(input.bsn, 'bsn') : null;
    // Concurrent intakes about one BSN meet at the unique index and share the first row.
    const [row] = (await manager.query(
      `INSERT INTO persons (organisation_id, first_name, last_name, date_of_birth, bsn_ciphertext, bsn_key_id, bsn_hash, name_key)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (organisation_id, bsn_hash) WHERE bsn_hash IS NOT NULL DO UPDATE SET bsn_hash = EXCLUDED.bsn_hash
       RETURNING id`,
      [
        organisationId,
        input.firstName,
        input.lastName,
        input.dateOfBirth ?? null,
        sealed?.ciphertext ?? null,
        sealed?.keyId ?? null,
        bsnHash,
        nameKey,
      ],
    )) as { id: string }[];
    return row.id;
  }

  /** Links cases that share persons, flags a repeat within 12 months and sets the risk level. */
  private async applyRadarAndRisk(tx: CaseScope, report: Report): Promise<void> {
    const related = (await tx.manager.query(
      `INSERT INTO case_links (case_id, related_case_id, reason)
       SELECT DISTINCT $1::uuid, other.case_id, 'shared_person'
         FROM case_persons mine JOIN case_persons other ON other.person_id = mine.person_id AND other.case_id <> $1
        WHERE mine.case_id = $1
       ON CONFLICT DO NOTHING RETURNING related_case_id`,
      [tx.case.id],
    )) as { related_case_id: string }[];
    const [{ repeat }] = (await tx.manager.query(
      `SELECT EXISTS (
         SELECT 1 FROM reports r
           JOIN case_persons v ON v.case_id = r.case_id AND v.role = 'victim'
           JOIN case_persons s ON s.case_id = r.case_id AND s.role = 'suspect'
          WHERE r.organisation_id = $2 AND r.id <> $3
            AND r.received_at <= $4 AND r.received_at >= $4::timestamptz - interval '12 months'
            AND v.person_id IN (SELECT person_id FROM case_persons WHERE case_id = $1 AND role = 'victim')
            AND s.person_id IN (SELECT person_id FROM case_persons WHERE case_id = $1 AND role = 'suspect')
       ) AS repeat`,
      [tx.case.id, tx.case.organisationId, report.id, report.receivedAt],
    )) as { repeat: boolean }[];
    const repeatWithin12Months = repeat || tx.case.repeatWithin12Months || (await this.regions.repeatElsewhere(tx));
    await this.rate(tx, repeatWithin12Months);
    await this.followUp.flagNewReport(tx, report);
    await this.regions.match(tx);
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
  private async rate(tx: CaseScope, repeatWithin12Months: boolean): Promise<void> {
    const assessed = await tx.manager.getRepository(CaseRiskAssessment).existsBy({ caseId: tx.case.id });
    const risk = assessed
      ? null
      : assessRisk({
          acute: tx.case.acute,
          redFlags: tx.case.redFlags,
          violenceTypes: tx.case.violenceTypes,
          repeatWithin12Months,
        });
    await tx.manager.getRepository(Case).update(tx.case.id, {
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
        const hits = await this.regions.match(tx);
        const repeat = !tx.case.repeatWithin12Months && (await this.regions.repeatElsewhere(tx));
        if (repeat) await this.rate(tx, true);
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

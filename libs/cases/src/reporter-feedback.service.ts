import { Inject, Injectable, Logger } from '@nestjs/common';
import { CaseReach } from '@vt/access';
import { Clock, CLOCK, HUB_CONFIG, HubConfig } from '@vt/common';
import { Transaction } from '@vt/database';
import { DeadlinesService } from '@vt/deadlines';
import { MailSender, mailFailure } from '@vt/notifications';
import { Actor, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { DataProtection } from './data-protection';
import { FeedbackFollowUp, ReporterFeedback } from './follow-up.entity';
import { MailPick, ReporterFeedbackRepository } from './reporter-feedback.repository';

/** The kind of follow-up a reporter may be told of, from the safety assessment's decision. */
const FOLLOW_UP_OF: Record<string, FeedbackFollowUp> = {
  close: 'none',
  follow_up: 'voluntary_help',
  investigation: 'investigation',
};

/** The message's only variable part: what the law lets Veilig Thuis tell a professional reporter. */
const FOLLOW_UP_TEXT: Record<FeedbackFollowUp, string> = {
  none: 'Veilig Thuis heeft de veiligheid beoordeeld en onderneemt geen verdere stappen.',
  voluntary_help: 'Veilig Thuis zorgt ervoor dat passende hulp wordt ingezet en volgt of die op gang komt.',
  investigation: 'Veilig Thuis stelt een onderzoek in.',
};

/** The whole e-mail: no name, no reference, nothing of the case. */
export function reporterFeedbackMail(followUp: FeedbackFollowUp) {
  return {
    subject: 'Uw melding bij Veilig Thuis',
    text: [
      'Geachte melder,',
      '',
      'Veilig Thuis heeft uw melding in behandeling genomen.',
      FOLLOW_UP_TEXT[followUp],
      '',
      'Over de inhoud van de zaak kunnen wij u op grond van de wet geen informatie geven.',
      'Heeft u nieuwe zorgen, neem dan contact op met Veilig Thuis via 0800-2000.',
      '',
      'Dit bericht is automatisch verstuurd; een antwoord erop wordt niet gelezen.',
    ].join('\n'),
  };
}

/** The purpose the address is sealed under on the feedback row, apart from the report's reporter. */
const SEALED_ADDRESS = 'reporter_feedback_email';

/** The worker's sweep has no caller: the mail it sends was recorded by one. */
const MAIL_SWEEP = CaseReach.system('reporter feedback e-mail');

/**
 * Terugkoppeling aan de melder (docs/feedback-and-follow-up.md): the term that opens when the safety
 * assessment is recorded on a professional's report, and the feedback that meets it. The reporter's
 * identity is opened only here, inside the receiving organisation's write, to mail the message.
 */
@Injectable()
export class ReporterFeedbackService {
  private readonly logger = new Logger(ReporterFeedbackService.name);

  constructor(
    private readonly store: CaseStore,
    private readonly deadlines: DeadlinesService,
    private readonly protection: DataProtection,
    private readonly mail: MailSender,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
    private readonly repository: ReporterFeedbackRepository,
  ) {}

  /**
   * Records the feedback on one report and meets its term. 404 for a report not of this case;
   * 409 before the assessment, for a report not from a professional, or when already given.
   * The e-mail, where the reporter left an address, goes out once the write has committed, and
   * the worker retries it with backoff until it is delivered (deliverDue).
   */
  async record(actor: Actor, caseId: string, reportId: string, note: string | undefined): Promise<ReporterFeedback> {
    const { reach } = actor;
    const feedback = await this.store.write<ReporterFeedback>(
      actor,
      caseId,
      {
        operation: 'record_reporter_feedback',
        audit: { action: 'create', subjectType: 'ReporterFeedback' },
      },
      async (tx) => {
        const report = await this.repository.report(reach, tx.manager, caseId, reportId);
        if (!report) throw CasesException.notFound();
        if (!tx.case.assessedAt || !tx.case.assessmentDecision) {
          throw CasesException.conflict('Eerst de veiligheidsbeoordeling / safety assessment first', [
            { field: 'assessment', message: 'nog niet vastgelegd / not recorded yet' },
          ]);
        }
        if (report.reporterKind !== 'professional') {
          throw CasesException.conflict(
            'Terugkoppeling is voor een professionele melder / for professional reporters',
            [{ field: 'reportId', message: report.reporterKind }],
          );
        }
        if (await this.repository.hasFeedback(reach, tx.manager, reportId)) {
          throw CasesException.conflict('Terugkoppeling al vastgelegd / feedback already recorded', [
            { field: 'reportId', message: 'al teruggekoppeld / already given' },
          ]);
        }
        const identity = JSON.parse(
          this.protection.open({ ciphertext: report.reporterCiphertext, keyId: report.reporterKeyId }, 'reporter'),
        ) as { email?: string };
        const email = identity.email ?? null;
        const mailed = email !== null && this.mail.configured;
        const sealed = mailed ? this.protection.seal(email, SEALED_ADDRESS) : null;
        const followUp = FOLLOW_UP_OF[tx.case.assessmentDecision];
        const feedback = await this.repository.saveFeedback(reach, tx.manager, {
          caseId,
          reportId,
          organisationId: tx.case.organisationId,
          followUp,
          note: note ?? null,
          emailStatus: email === null ? 'none' : mailed ? 'pending' : 'skipped',
          emailCiphertext: sealed?.ciphertext ?? null,
          emailKeyId: sealed?.keyId ?? null,
          emailAttempts: 0,
          emailError: null,
          emailNextAt: mailed ? tx.now : null,
          recordedBy: actor.principal.userId,
          recordedAt: tx.now,
        });
        const met = await this.deadlines.complete(
          tx.manager,
          { caseId, kind: 'reporter_feedback', subjectId: reportId },
          tx.now,
        );
        // The reporter is the receiving organisation's business: so is this event.
        await tx.event('reporter_feedback_recorded', 'reporter', {
          reportId,
          followUp,
          emailed: email !== null,
          lateWorkingDays: met?.lateWorkingDays ?? null,
        });
        return { result: feedback, subjectId: feedback.id };
      },
    );
    if (feedback.emailStatus === 'pending') {
      // After the commit and outside the request: a slow relay never holds the case or the caller.
      // A failure here is recorded on the row and retried by the worker.
      void this.deliver(reach, { id: feedback.id }).catch((error: unknown) =>
        this.logger.warn({ msg: 'reporter feedback e-mail not attempted', error: String(error) }),
      );
    }
    return feedback;
  }

  /**
   * The worker's sweep: every feedback mail whose attempt is due, one at a time, each under its
   * row's lock (another worker, or the api's first attempt, takes other rows). Answers how many
   * were attempted.
   */
  async deliverDue(max = 50): Promise<number> {
    let attempted = 0;
    while (attempted < max && (await this.deliver(MAIL_SWEEP, { dueBy: this.clock.now() }))) {
      attempted++;
    }
    return attempted;
  }

  /**
   * One attempt at the picked row, locked from reading to recording so no two attempts
   * overlap. Delivered or given up (a refusal for good, or MAIL_ATTEMPTS used), the sealed address
   * is dropped; otherwise the next attempt is due after a doubling backoff. False when no row was free.
   */
  private async deliver(reach: CaseReach, pick: MailPick): Promise<boolean> {
    return this.repository.transaction(async (manager) => {
      const row = await this.repository.lockMail(reach, manager, pick);
      if (!row) return false;
      const attempts = row.email_attempts + 1;
      try {
        const email = this.protection.open(
          { ciphertext: row.email_ciphertext, keyId: row.email_key_id },
          SEALED_ADDRESS,
        );
        await this.mail.send(email, reporterFeedbackMail(row.follow_up));
        await this.repository.mailSent(reach, manager, row.id, attempts);
      } catch (error) {
        const failure = mailFailure(error);
        const final = failure.permanent || attempts >= this.config.mail.attempts;
        const nextAt = new Date(this.clock.now().getTime() + this.config.mail.backoffMs * 2 ** (attempts - 1));
        await this.repository.mailFailed(reach, manager, row.id, {
          attempts,
          code: failure.code.slice(0, 100),
          final,
          nextAt,
        });
        // Codes only: the server's text may repeat the address.
        const log = { feedbackId: row.id, attempt: attempts, error: failure.code };
        if (final) this.logger.error({ msg: 'reporter feedback e-mail failed for good', ...log });
        else this.logger.warn({ msg: 'reporter feedback e-mail attempt failed', ...log });
      }
      return true;
    });
  }

  /** The feedback on a case's reports, by report id, for the receiving organisation's view. */
  async forCase(manager: Transaction, caseId: string): Promise<Map<string, ReturnType<typeof feedbackView>>> {
    const rows = await this.repository.forCase(manager, caseId);
    return new Map(rows.map((row) => [row.reportId, feedbackView(row)]));
  }
}

export function feedbackView(row: ReporterFeedback) {
  return {
    id: row.id,
    followUp: row.followUp,
    note: row.note,
    emailStatus: row.emailStatus,
    recordedBy: row.recordedBy,
    recordedAt: row.recordedAt,
  };
}

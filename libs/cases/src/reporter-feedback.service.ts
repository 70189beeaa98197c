import { Injectable, Logger } from '@nestjs/common';
import { DeadlinesService } from '@vt/deadlines';
import { MailSender, mailFailure } from '@vt/notifications';
import { EntityManager } from 'typeorm';
import { Actor, CaseStore } from './case-store';
import { CasesException } from './cases.exception';
import { DataProtection } from './data-protection';
import { FeedbackFollowUp, ReporterFeedback } from './follow-up.entity';
import { Report } from './report.entity';

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

export interface RecordedFeedback {
  feedback: ReporterFeedback;
  /** The address to mail once committed; never stored outside the sealed report. */
  email: string | null;
}

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
  ) {}

  /**
   * Records the feedback on one report and meets its term. 404 for a report not of this case;
   * 409 before the assessment, for a report not from a professional, or when already given.
   * The e-mail, where the reporter left an address, goes out once the write has committed.
   */
  async record(actor: Actor, caseId: string, reportId: string, note: string | undefined): Promise<ReporterFeedback> {
    const recorded = await this.store.write<RecordedFeedback>(
      actor,
      caseId,
      {
        operation: 'record_reporter_feedback',
        audit: { action: 'create', subjectType: 'ReporterFeedback' },
      },
      async (tx) => {
        const report = await tx.manager.getRepository(Report).findOneBy({ id: reportId, caseId });
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
        const repository = tx.manager.getRepository(ReporterFeedback);
        if (await repository.existsBy({ reportId })) {
          throw CasesException.conflict('Terugkoppeling al vastgelegd / feedback already recorded', [
            { field: 'reportId', message: 'al teruggekoppeld / already given' },
          ]);
        }
        const identity = JSON.parse(
          this.protection.open({ ciphertext: report.reporterCiphertext, keyId: report.reporterKeyId }, 'reporter'),
        ) as { email?: string };
        const email = identity.email ?? null;
        const followUp = FOLLOW_UP_OF[tx.case.assessmentDecision];
        const feedback = await repository.save(
          repository.create({
            caseId,
            reportId,
            organisationId: tx.case.organisationId,
            followUp,
            note: note ?? null,
            emailStatus: email === null ? 'none' : this.mail.configured ? 'pending' : 'skipped',
            recordedBy: actor.principal.userId,
            recordedAt: tx.now,
          }),
        );
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
        return { result: { feedback, email }, subjectId: feedback.id };
      },
    );
    if (recorded.email !== null && recorded.feedback.emailStatus === 'pending') {
      // After the commit and outside the request: a slow relay never holds the case or the caller.
      void this.send(recorded.feedback, recorded.email);
    }
    return recorded.feedback;
  }

  private async send(feedback: ReporterFeedback, email: string): Promise<void> {
    let status: 'sent' | 'failed' = 'sent';
    try {
      await this.mail.send(email, reporterFeedbackMail(feedback.followUp));
    } catch (error) {
      status = 'failed';
      // Codes only: the server's text may repeat the address.
      this.logger.warn({ msg: 'reporter feedback e-mail failed', feedbackId: feedback.id, ...mailFailure(error) });
    }
    await this.store.dataSource
      .query(`UPDATE reporter_feedback SET email_status = $2 WHERE id = $1`, [feedback.id, status])
      .catch(() => undefined);
  }

  /** The feedback on a case's reports, by report id, for the receiving organisation's view. */
  async forCase(manager: EntityManager, caseId: string): Promise<Map<string, ReturnType<typeof feedbackView>>> {
    const rows = await manager.getRepository(ReporterFeedback).findBy({ caseId });
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

import { Inject, Injectable } from '@nestjs/common';
import { CommonException } from '@vt/common';
import { GezagResponse, Gezagsrelatie, OIN_HEADER, OIN_PATTERN } from '@vt/lookups-protocol';
import { SubjectKeys } from '../records/subject-keys';
import { RequestLogDraft } from '../request-log/request-log.service';
import { SourceHolderConfig } from '../source-holder-config';
import { SourceHolderException } from '../source-holder.exception';
import { SOURCE_HOLDER_CONFIG } from '../source-holder.tokens';
import { CustodyRequestDto } from './custody.dto';
import { CustodyRecord, StoredGezag } from './custody-record.entity';
import { CustodyRecordRepository } from './custody-record.repository';

/** A minor the register has no row for: the register cannot say, which is not "no custody". */
export const NOT_IN_REGISTER: StoredGezag = {
  type: 'GezagNietTeBepalen',
  toelichting:
    'Het gezagsregister heeft geen gegevens over deze minderjarige / the custody register holds no data on this minor',
};

/**
 * Custody (gezag) mode: the BRP API Gezag's one operation, answered from the register table;
 * 503 while the register is down.
 */
@Injectable()
export class CustodyService {
  constructor(
    @Inject(SOURCE_HOLDER_CONFIG) private readonly config: SourceHolderConfig,
    private readonly records: CustodyRecordRepository,
    private readonly keys: SubjectKeys,
  ) {}

  async answer(body: CustodyRequestDto, oin: string | undefined, log: RequestLogDraft): Promise<GezagResponse> {
    log.subjectRef = body.burgerservicenummer.map((bsn) => this.keys.pseudonym(bsn)).join(',');
    if (!oin || !OIN_PATTERN.test(oin)) {
      log.denialReason = 'oin';
      throw new CommonException('common.validation', 'Ongeldige invoer / invalid input', [
        { field: OIN_HEADER, message: 'verplicht, 20 cijfers / required, 20 digits' },
      ]);
    }
    log.requesterOin = oin;
    if (!this.config.registerAvailable) throw SourceHolderException.registerUnavailable();
    const subjects = body.burgerservicenummer.map((bsn) => this.keys.subject(bsn));
    let rows: CustodyRecord[];
    try {
      rows = await this.records.forSubjects(subjects);
    } catch {
      // An unreachable register must never read as "not in the register".
      throw SourceHolderException.registerUnavailable();
    }
    const bySubject = new Map(rows.map((row) => [row.subjectKey, row.custody]));
    log.answerClass = 'BEANTWOORD';
    return {
      personen: body.burgerservicenummer.map((bsn, index) => ({
        burgerservicenummer: bsn,
        gezag: (bySubject.get(subjects[index]) ?? [NOT_IN_REGISTER]).map(
          (gezag) => ({ ...gezag, minderjarige: { burgerservicenummer: bsn } }) as Gezagsrelatie,
        ),
      })),
    };
  }
}

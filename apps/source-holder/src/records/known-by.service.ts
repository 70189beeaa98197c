import { Injectable } from '@nestjs/common';
import { KnownByAnswer } from '@vt/lookups-protocol';
import { RequestLogDraft } from '../request-log/request-log.service';
import { KnownByRequestDto } from './known-by.dto';
import { KnownPersonRepository } from './known-person.repository';

/** Hit or no hit for a pseudonym, with the contact point on a hit; nothing else leaves. */
@Injectable()
export class KnownByService {
  constructor(private readonly persons: KnownPersonRepository) {}

  async answer(body: KnownByRequestDto, log: RequestLogDraft): Promise<KnownByAnswer> {
    Object.assign(log, {
      purpose: body.doelbinding,
      reason: body.redenVerzoek,
      caseReference: body.zaakReferentie,
      subjectRef: body.subject.pseudoniem,
    });
    const person = await this.persons.byPseudonym(body.subject.pseudoniem);
    const answer: KnownByAnswer = !person
      ? { uitslag: 'NIET_BEKEND' }
      : !person.identityConfirmed
        ? { uitslag: 'NIET_TE_BEPALEN' }
        : {
            uitslag: 'BEKEND',
            contactpunt: {
              naam: person.contactPoint!.name,
              ...(person.contactPoint!.phone ? { telefoon: person.contactPoint!.phone } : {}),
              ...(person.contactPoint!.email ? { email: person.contactPoint!.email } : {}),
            },
          };
    log.answerClass = answer.uitslag;
    return answer;
  }
}

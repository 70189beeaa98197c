import { Inject, Injectable } from '@nestjs/common';
import { OrganisationCard, OrganisationDirectory } from '@vt/access';
import { AuditService } from '@vt/audit';
import { DataProtection } from '@vt/cases';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { Transaction } from '@vt/database';
import { MIN_PSEUDONYM_KEY_LENGTH } from '@vt/lookups-protocol';
import { LookupsException } from './lookups.exception';
import { SourceHolderRow, SourceHoldersRepository } from './source-holders.repository';

export const CAPABILITIES = ['known_by', 'detail', 'custody'] as const;
export type Capability = (typeof CAPABILITIES)[number];

/** Associated data of the sealed pseudonym key: a ciphertext of another kind cannot stand in for it. */
const KEY_PURPOSE = 'source-holder-pseudonym-key';

/** Who changes the registry, for the audit entry. */
export interface RegistryActor {
  userId: string;
  organisationId: string;
  roles: string[];
  requestId: string;
  clientAddress: string;
}

export interface SourceHolderInput {
  sourceId: string;
  organisationId: string;
  baseUrl: string;
  capabilities: Capability[];
  pseudonymKey: string;
  active?: boolean;
}

export type SourceHolderPatch = Partial<Omit<SourceHolderInput, 'sourceId'>>;

/** What the registry shows: never the shared key. */
export interface SourceHolderView {
  id: string;
  sourceId: string;
  organisationId: string;
  organisationName: string;
  baseUrl: string;
  capabilities: Capability[];
  active: boolean;
  createdAt: Date;
  updatedAt: Date;
}

/** A source holder to send a request to, with its shared key opened in memory. */
export interface SourceHolderTarget extends SourceHolderView {
  organisationSlug: string;
  pseudonymKey: string;
}

/** A registration with the organisation it answers for. */
interface Named {
  row: SourceHolderRow;
  organisation: OrganisationCard;
  /** The place of the organisation's name among those read at once, in the database's order. */
  rank: number;
}

function view({ row, organisation }: Named): SourceHolderView {
  return {
    id: row.id,
    sourceId: row.source_id,
    organisationId: row.organisation_id,
    organisationName: organisation.name,
    baseUrl: row.base_url,
    capabilities: row.capabilities,
    active: row.active,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/**
 * The hub's registry of source holders (bronhouders), managed by the platform admin. Each holder
 * answers for one organisation; its pseudonym key is shared with that holder alone and stored sealed.
 */
@Injectable()
export class SourceHolderRegistry {
  constructor(
    private readonly holders: SourceHoldersRepository,
    private readonly organisations: OrganisationDirectory,
    private readonly protection: DataProtection,
    private readonly audit: AuditService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async list(): Promise<SourceHolderView[]> {
    return (await this.named(await this.holders.all())).map(view);
  }

  async get(id: string): Promise<SourceHolderView> {
    return view(await this.row(id));
  }

  /** Active holders with a capability, keys opened; read on every lookup so a change applies at once. */
  async active(capability: Capability): Promise<SourceHolderTarget[]> {
    // By organisation name, then by source id as read (a stable sort keeps that order).
    const named = await this.named(await this.holders.withCapability(capability));
    return named.sort((a, b) => a.rank - b.rank).map((holder) => this.toTarget(holder));
  }

  /** One holder by registry id, active or not (a detail request keeps its holder). */
  async targetById(id: string): Promise<SourceHolderTarget> {
    return this.toTarget(await this.row(id));
  }

  /** The active holder of an organisation that takes detail requests, if any. */
  detailHolderOf(organisationId: string): Promise<string | undefined> {
    return this.holders.detailHolderOf(organisationId);
  }

  /** The organisation a holder answers for, read in the transaction given. */
  organisationOf(manager: Transaction, id: string): Promise<string> {
    return this.holders.organisationOf(manager, id);
  }

  private toTarget(holder: Named): SourceHolderTarget {
    return {
      ...view(holder),
      organisationSlug: holder.organisation.slug,
      pseudonymKey: this.protection.open(
        { ciphertext: holder.row.pseudonym_key_ciphertext, keyId: holder.row.pseudonym_key_key_id },
        KEY_PURPOSE,
      ),
    };
  }

  async create(actor: RegistryActor, input: SourceHolderInput): Promise<SourceHolderView> {
    this.checkKey(input.pseudonymKey);
    return this.holders.transaction(async (manager) => {
      await this.checkOrganisation(input.organisationId);
      if (await this.holders.sourceIdTaken(manager, input.sourceId)) {
        throw LookupsException.conflict('Deze bronhouder-id bestaat al / source holder id already registered', [
          { field: 'sourceId', message: input.sourceId },
        ]);
      }
      const sealed = this.protection.seal(input.pseudonymKey, KEY_PURPOSE);
      const id = await this.holders.insert(manager, input.sourceId, {
        organisationId: input.organisationId,
        baseUrl: input.baseUrl,
        capabilities: [...new Set(input.capabilities)],
        active: input.active ?? true,
        pseudonymKeyCiphertext: sealed.ciphertext,
        pseudonymKeyKeyId: sealed.keyId,
      });
      await this.recordAudit(manager, actor, 'create', id, input.organisationId);
      return view(await this.row(id, manager));
    });
  }

  async update(actor: RegistryActor, id: string, patch: SourceHolderPatch): Promise<SourceHolderView> {
    if (patch.pseudonymKey !== undefined) this.checkKey(patch.pseudonymKey);
    return this.holders.transaction(async (manager) => {
      const { row: current } = await this.row(id, manager, true);
      if (patch.organisationId !== undefined) await this.checkOrganisation(patch.organisationId);
      const sealed = patch.pseudonymKey !== undefined ? this.protection.seal(patch.pseudonymKey, KEY_PURPOSE) : null;
      await this.holders.update(manager, id, {
        organisationId: patch.organisationId ?? current.organisation_id,
        baseUrl: patch.baseUrl ?? current.base_url,
        capabilities: patch.capabilities ? [...new Set(patch.capabilities)] : current.capabilities,
        active: patch.active ?? current.active,
        pseudonymKeyCiphertext: sealed?.ciphertext ?? current.pseudonym_key_ciphertext,
        pseudonymKeyKeyId: sealed?.keyId ?? current.pseudonym_key_key_id,
      });
      await this.recordAudit(manager, actor, 'update', id, patch.organisationId ?? current.organisation_id);
      return view(await this.row(id, manager));
    });
  }

  private async row(id: string, manager?: Transaction, lock = false): Promise<Named> {
    const row = await this.holders.byId(id, manager, lock);
    const [named] = row ? await this.named([row]) : [];
    if (!named) throw LookupsException.notFound();
    return named;
  }

  /** The rows with their organisations, in the order given; a row whose organisation is gone is left out. */
  private async named(rows: SourceHolderRow[]): Promise<Named[]> {
    const cards = await this.organisations.cards(rows.map((row) => row.organisation_id));
    // Ranked by name as the database orders names; organisations of the same name share a rank.
    const rankOfName = new Map<string, number>();
    for (const card of cards) if (!rankOfName.has(card.name)) rankOfName.set(card.name, rankOfName.size);
    const byId = new Map(cards.map((card) => [card.id, card]));
    return rows.flatMap((row) => {
      const organisation = byId.get(row.organisation_id);
      return organisation ? [{ row, organisation, rank: rankOfName.get(organisation.name)! }] : [];
    });
  }

  private checkKey(key: string): void {
    if (key.length < MIN_PSEUDONYM_KEY_LENGTH) {
      throw LookupsException.invalid('pseudonymKey', `minstens ${MIN_PSEUDONYM_KEY_LENGTH} tekens / too short`);
    }
    // The published development keys would let anyone compute the pseudonyms.
    if (this.config.nodeEnv === 'production' && key.startsWith('dev-only-')) {
      throw LookupsException.invalid('pseudonymKey', 'ontwikkelsleutel geweigerd / development key refused');
    }
  }

  private async checkOrganisation(organisationId: string): Promise<void> {
    const found = await this.organisations.card(organisationId);
    if (!found || found.kind === 'platform') {
      throw LookupsException.invalid('organisationId', 'onbekende partnerorganisatie / unknown partner organisation');
    }
  }

  private recordAudit(
    manager: Transaction,
    actor: RegistryActor,
    action: 'create' | 'update',
    id: string,
    organisationId: string,
  ): Promise<void> {
    return this.audit.recordWithin(manager, {
      action,
      subjectType: 'SourceHolder',
      subjectId: id,
      subjectOrganisationId: organisationId,
      outcome: 'success',
      actorUserId: actor.userId,
      actorOrganisationId: actor.organisationId,
      actorRoles: actor.roles,
      requestId: actor.requestId,
      clientAddress: actor.clientAddress,
    });
  }
}

import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AuditService } from '@vt/audit';
import { DataProtection } from '@vt/cases';
import { HUB_CONFIG, HubConfig } from '@vt/common';
import { MIN_PSEUDONYM_KEY_LENGTH } from '@vt/lookups-protocol';
import { DataSource, EntityManager } from 'typeorm';
import { LookupsException } from './lookups.exception';

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

interface Row {
  id: string;
  source_id: string;
  organisation_id: string;
  organisation_name: string;
  organisation_slug: string;
  base_url: string;
  capabilities: Capability[];
  active: boolean;
  created_at: Date;
  updated_at: Date;
  pseudonym_key_ciphertext: Buffer;
  pseudonym_key_key_id: string;
}

const SELECT = `
  SELECT s.*, o.name AS organisation_name, o.slug AS organisation_slug
    FROM source_holders s JOIN organisations o ON o.id = s.organisation_id`;

function view(row: Row): SourceHolderView {
  return {
    id: row.id,
    sourceId: row.source_id,
    organisationId: row.organisation_id,
    organisationName: row.organisation_name,
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
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly protection: DataProtection,
    private readonly audit: AuditService,
    @Inject(HUB_CONFIG) private readonly config: HubConfig,
  ) {}

  async list(): Promise<SourceHolderView[]> {
    const rows = (await this.dataSource.query(`${SELECT} ORDER BY s.source_id`)) as Row[];
    return rows.map(view);
  }

  async get(id: string): Promise<SourceHolderView> {
    return view(await this.row(this.dataSource.manager, id));
  }

  /** Active holders with a capability, keys opened; read on every lookup so a change applies at once. */
  async active(capability: Capability): Promise<SourceHolderTarget[]> {
    const rows = (await this.dataSource.query(
      `${SELECT} WHERE s.active AND $1 = ANY (s.capabilities) ORDER BY o.name, s.source_id`,
      [capability],
    )) as Row[];
    return rows.map((row) => this.toTarget(row));
  }

  /** One holder by registry id, active or not (a detail request keeps its holder). */
  async targetById(id: string): Promise<SourceHolderTarget> {
    return this.toTarget(await this.row(this.dataSource.manager, id));
  }

  private toTarget(row: Row): SourceHolderTarget {
    return {
      ...view(row),
      organisationSlug: row.organisation_slug,
      pseudonymKey: this.protection.open(
        { ciphertext: row.pseudonym_key_ciphertext, keyId: row.pseudonym_key_key_id },
        KEY_PURPOSE,
      ),
    };
  }

  async create(actor: RegistryActor, input: SourceHolderInput): Promise<SourceHolderView> {
    this.checkKey(input.pseudonymKey);
    return this.dataSource.transaction(async (manager) => {
      await this.checkOrganisation(manager, input.organisationId);
      const taken = (await manager.query(`SELECT 1 FROM source_holders WHERE source_id = $1`, [input.sourceId])) as [];
      if (taken.length > 0) {
        throw LookupsException.conflict('Deze bronhouder-id bestaat al / source holder id already registered', [
          { field: 'sourceId', message: input.sourceId },
        ]);
      }
      const sealed = this.protection.seal(input.pseudonymKey, KEY_PURPOSE);
      const [created] = (await manager.query(
        `INSERT INTO source_holders
           (source_id, organisation_id, base_url, capabilities, pseudonym_key_ciphertext, pseudonym_key_key_id, active)
         VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id`,
        [
          input.sourceId,
          input.organisationId,
          input.baseUrl,
          [...new Set(input.capabilities)],
          sealed.ciphertext,
          sealed.keyId,
          input.active ?? true,
        ],
      )) as { id: string }[];
      await this.recordAudit(manager, actor, 'create', created.id, input.organisationId);
      return view(await this.row(manager, created.id));
    });
  }

  async update(actor: RegistryActor, id: string, patch: SourceHolderPatch): Promise<SourceHolderView> {
    if (patch.pseudonymKey !== undefined) this.checkKey(patch.pseudonymKey);
    return this.dataSource.transaction(async (manager) => {
      const current = await this.row(manager, id, true);
      if (patch.organisationId !== undefined) await this.checkOrganisation(manager, patch.organisationId);
      const sealed = patch.pseudonymKey !== undefined ? this.protection.seal(patch.pseudonymKey, KEY_PURPOSE) : null;
      await manager.query(
        `UPDATE source_holders
            SET organisation_id = $2, base_url = $3, capabilities = $4, active = $5,
                pseudonym_key_ciphertext = $6, pseudonym_key_key_id = $7, updated_at = now()
          WHERE id = $1`,
        [
          id,
          patch.organisationId ?? current.organisation_id,
          patch.baseUrl ?? current.base_url,
          patch.capabilities ? [...new Set(patch.capabilities)] : current.capabilities,
          patch.active ?? current.active,
          sealed?.ciphertext ?? current.pseudonym_key_ciphertext,
          sealed?.keyId ?? current.pseudonym_key_key_id,
        ],
      );
      await this.recordAudit(manager, actor, 'update', id, patch.organisationId ?? current.organisation_id);
      return view(await this.row(manager, id));
    });
  }

  private async row(manager: EntityManager, id: string, lock = false): Promise<Row> {
    const [row] = (await manager.query(`${SELECT} WHERE s.id = $1${lock ? ' FOR UPDATE OF s' : ''}`, [id])) as Row[];
    if (!row) throw LookupsException.notFound();
    return row;
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

  private async checkOrganisation(manager: EntityManager, organisationId: string): Promise<void> {
    const [found] = (await manager.query(`SELECT kind FROM organisations WHERE id = $1`, [organisationId])) as {
      kind: string;
    }[];
    if (!found || found.kind === 'platform') {
      throw LookupsException.invalid('organisationId', 'onbekende partnerorganisatie / unknown partner organisation');
    }
  }

  private recordAudit(
    manager: EntityManager,
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

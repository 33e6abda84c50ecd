/**
 * The stand-in Model Registry's state: RegisteredModels and ModelVersions as the v0.3.8 API returns them
 * (schemas `RegisteredModel`, `ModelVersion`): ids are numeric strings, timestamps strings of milliseconds.
 */

/** A MetadataValue as stored and returned (shape checked by validate.ts on the way in). */
export type StoredValue = Record<string, unknown> & { metadataType: string };

interface BaseEntity {
  id: string;
  name: string;
  state: 'LIVE' | 'ARCHIVED';
  description?: string;
  externalId?: string;
  customProperties: Record<string, StoredValue>;
  createTimeSinceEpoch: string;
  lastUpdateTimeSinceEpoch: string;
}

export type RegisteredModel = BaseEntity & { owner?: string };
export type ModelVersion = BaseEntity & { registeredModelId: string; author?: string };

/** What a test may set when seeding an entity. */
export interface SeedFields {
  state?: 'LIVE' | 'ARCHIVED';
  description?: string;
  externalId?: string;
  customProperties?: Record<string, StoredValue>;
  author?: string;
}

/** In-memory entities; one id sequence for both types, a logical clock so creation order is strict. */
export class RegistryStore {
  readonly models = new Map<string, RegisteredModel>();
  readonly versions = new Map<string, ModelVersion>();
  private nextId = 1;
  private clock = Date.UTC(2026, 10, 24);

  addModel(name: string, fields: SeedFields = {}): RegisteredModel {
    if ([...this.models.values()].some((m) => m.name === name)) throw new Error(`stand-in: RegisteredModel "${name}" already exists`);
    const model: RegisteredModel = { ...this.base(name), customProperties: { ...(fields.customProperties ?? {}) } };
    if (fields.state) model.state = fields.state;
    if (fields.description !== undefined) model.description = fields.description;
    if (fields.externalId !== undefined) model.externalId = fields.externalId;
    this.models.set(model.id, model);
    return model;
  }

  addVersion(modelId: string, name: string, fields: SeedFields = {}): ModelVersion {
    if (!this.models.has(modelId)) throw new Error(`stand-in: no RegisteredModel with id ${modelId}`);
    if (this.versionsOf(modelId).some((v) => v.name === name)) throw new Error(`stand-in: ModelVersion "${name}" already exists under model ${modelId}`);
    const version: ModelVersion = { ...this.base(name), ...fields, registeredModelId: modelId, customProperties: { ...(fields.customProperties ?? {}) } };
    this.versions.set(version.id, version);
    return version;
  }

  versionsOf(modelId: string): ModelVersion[] {
    return [...this.versions.values()].filter((v) => v.registeredModelId === modelId);
  }

  /** Bumps lastUpdateTimeSinceEpoch. */
  touch(entity: BaseEntity): void {
    entity.lastUpdateTimeSinceEpoch = String(this.tick());
  }

  private base(name: string): BaseEntity {
    const now = String(this.tick());
    return { id: String(this.nextId++), name, state: 'LIVE', customProperties: {}, createTimeSinceEpoch: now, lastUpdateTimeSinceEpoch: now };
  }

  private tick(): number {
    this.clock += 1000;
    return this.clock;
  }
}

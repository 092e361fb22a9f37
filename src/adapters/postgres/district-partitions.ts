import { CivicGridError } from '../../errors/civic-grid-error.js';
import { scopeRange } from '../scope.js';

/** The districts whose records get a partition each; records elsewhere (the city itself, an unlisted district) go to a default partition. */
export interface DistrictPartitioning {
  cityId: string;
  districtIds: readonly string[];
}

const RECORD_COLUMNS = `kind text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, version integer NOT NULL,
        scope text COLLATE "C" NOT NULL, depth integer NOT NULL,
        created_at timestamptz NOT NULL, updated_at timestamptz NOT NULL, data jsonb NOT NULL`;

/** The records table of the first migration: one table, or (with `partitioning`) one partition per district. */
export function recordsTableStatements(s: string, partitioning: DistrictPartitioning | undefined): string[] {
  if (partitioning === undefined) return [`CREATE TABLE ${s}.civic_grid_records (${RECORD_COLUMNS}, PRIMARY KEY (kind, id))`];
  checkPartitioning(partitioning);
  return [
    // Declarative partitioning on the scope path, one range per district: '/city/district/' up to '/city/district0'.
    // A partitioned table's unique keys must hold the partition key, so (kind, id) stays unique through civic_grid_record_keys.
    `CREATE TABLE ${s}.civic_grid_records (${RECORD_COLUMNS}, PRIMARY KEY (kind, id, scope)) PARTITION BY RANGE (scope)`,
    ...partitioning.districtIds.map((districtId, index) => {
      const { low, high } = scopeRange([partitioning.cityId, districtId]);
      return `CREATE TABLE ${s}.civic_grid_records_district_${index + 1} PARTITION OF ${s}.civic_grid_records FOR VALUES FROM (${literal(low)}) TO (${literal(high)})`;
    }),
    `CREATE TABLE ${s}.civic_grid_records_elsewhere PARTITION OF ${s}.civic_grid_records DEFAULT`,
    `CREATE TABLE ${s}.civic_grid_record_keys (kind text COLLATE "C" NOT NULL, id text COLLATE "C" NOT NULL, PRIMARY KEY (kind, id))`,
    // A second record with a taken (kind, id) is skipped, as ON CONFLICT DO NOTHING skips it on the plain table.
    `CREATE FUNCTION ${s}.civic_grid_claim_record_key() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        INSERT INTO ${s}.civic_grid_record_keys (kind, id) VALUES (NEW.kind, NEW.id) ON CONFLICT DO NOTHING;
        IF NOT FOUND THEN RETURN NULL; END IF;
        RETURN NEW;
      END $fn$`,
    `CREATE FUNCTION ${s}.civic_grid_release_record_key() RETURNS trigger LANGUAGE plpgsql AS $fn$
      BEGIN
        DELETE FROM ${s}.civic_grid_record_keys WHERE kind = OLD.kind AND id = OLD.id;
        RETURN OLD;
      END $fn$`,
    // A move to another district is a delete from one partition and an insert into the other: release, then claim again.
    `CREATE TRIGGER civic_grid_records_claim_key BEFORE INSERT ON ${s}.civic_grid_records FOR EACH ROW EXECUTE FUNCTION ${s}.civic_grid_claim_record_key()`,
    `CREATE TRIGGER civic_grid_records_release_key BEFORE DELETE ON ${s}.civic_grid_records FOR EACH ROW EXECUTE FUNCTION ${s}.civic_grid_release_record_key()`,
  ];
}

function checkPartitioning(partitioning: DistrictPartitioning): void {
  const ids = [partitioning.cityId, ...partitioning.districtIds];
  const problems = ids.flatMap((id, index) =>
    typeof id !== 'string' || id.length === 0 || id.includes('\0')
      ? [{ path: index === 0 ? ['partitionByDistrict', 'cityId'] : ['partitionByDistrict', 'districtIds', index - 1], message: 'an id is a non-empty string without NUL' }]
      : [],
  );
  if (new Set(partitioning.districtIds).size !== partitioning.districtIds.length) problems.push({ path: ['partitionByDistrict', 'districtIds'], message: 'district ids must be distinct' });
  if (problems.length > 0) throw CivicGridError.validation('postgres adapter options', problems);
}

/** A text literal for DDL, which takes no parameters (standard_conforming_strings: only quotes are doubled). */
function literal(text: string): string {
  return `'${text.replaceAll("'", "''")}'`;
}

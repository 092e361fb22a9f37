import { daysInMonth } from '../sql/kpi/kpi-sql-flavour.js';
import type { Migration } from '../sql/sql-core.js';

/**
 * The functions compiled KPI queries call (see compileKpisToSql), in the
 * quoted schema `s`. `civic_grid_instant(value, zone)` reads a record's date
 * as the JS engine's instantReader does, as epoch ms: a JSON number is epoch
 * ms; an ISO date-time with Z or an offset is that instant; a date or a
 * date-time without an offset is a wall-clock reading in `zone`, resolved
 * around offset changes as Temporal's "compatible" (a repeated hour takes the
 * earlier instant, a skipped one the offset before the change). Fields are
 * range-checked as instantReader does (a day must exist in its month, 24:00
 * is the next midnight, fractions are cut to the millisecond); any other
 * value is NULL, never an error. Digits are [0-9]: `\d` may also match other
 * scripts' digits under an ICU locale, which `::int` then refuses.
 */
export function kpiSqlMigration(s: string): Migration {
  return [
    `CREATE OR REPLACE FUNCTION ${s}.civic_grid_zone_offset_ms(instant float8, zone text) RETURNS float8
      LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS
      $fn$ SELECT (extract(epoch FROM (to_timestamp(instant / 1000) AT TIME ZONE zone) - (to_timestamp(instant / 1000) AT TIME ZONE 'UTC')) * 1000)::float8 $fn$`,
    `CREATE OR REPLACE FUNCTION ${s}.civic_grid_instant(value jsonb, zone text) RETURNS float8
      LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $fn$
      DECLARE
        text_value text; part text[]; y int; mo int; d int; h int; mi int; sec int; ms int;
        shifted int; era int; year_of_era int; day_of_year int; wall float8; offset_hours int; offset_minutes int;
        before_change float8; after_change float8; early float8; late float8;
      BEGIN
        CASE jsonb_typeof(value)
          WHEN 'number' THEN RETURN value::float8;
          WHEN 'string' THEN text_value := value #>> '{}';
          ELSE RETURN NULL;
        END CASE;
        part := regexp_match(text_value, '^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:T([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\\.([0-9]+))?)?)?(Z|[+-][0-9]{2}:?[0-9]{2})?$');
        IF part IS NULL OR (part[4] IS NULL AND part[8] IS NOT NULL AND part[8] <> 'Z') THEN RETURN NULL; END IF;
        y := part[1]::int; mo := part[2]::int; d := part[3]::int;
        h := coalesce(part[4]::int, 0); mi := coalesce(part[5]::int, 0); sec := coalesce(part[6]::int, 0);
        ms := coalesce(rpad(left(part[7], 3), 3, '0')::int, 0);
        IF mo < 1 OR mo > 12 OR d < 1 OR d > ${daysInMonth('mo', 'y')} OR mi > 59 OR sec > 59 OR h > 24 OR (h = 24 AND (mi > 0 OR sec > 0 OR ms > 0)) THEN RETURN NULL; END IF;
        -- Days from the civil date (Howard Hinnant).
        shifted := y - CASE WHEN mo <= 2 THEN 1 ELSE 0 END;
        era := floor(shifted / 400.0);
        year_of_era := shifted - era * 400;
        day_of_year := (153 * (mo + CASE WHEN mo > 2 THEN -3 ELSE 9 END) + 2) / 5 + d - 1;
        wall := (era * 146097 + year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year - 719468)::float8 * 86400000
          + h * 3600000 + mi * 60000 + sec * 1000 + ms;
        IF part[8] = 'Z' THEN RETURN wall; END IF;
        IF part[8] IS NOT NULL THEN
          offset_hours := substr(part[8], 2, 2)::int;
          offset_minutes := right(part[8], 2)::int;
          IF offset_hours > 23 OR offset_minutes > 59 THEN RETURN NULL; END IF;
          RETURN wall - (CASE WHEN left(part[8], 1) = '-' THEN -1 ELSE 1 END) * (offset_hours * 60 + offset_minutes) * 60000;
        END IF;
        before_change := ${s}.civic_grid_zone_offset_ms(wall - 86400000, zone);
        early := wall - before_change;
        IF ${s}.civic_grid_zone_offset_ms(early, zone) = before_change THEN RETURN early; END IF;
        after_change := ${s}.civic_grid_zone_offset_ms(wall + 86400000, zone);
        late := wall - after_change;
        IF ${s}.civic_grid_zone_offset_ms(late, zone) = after_change THEN RETURN late; END IF;
        RETURN early;
      END
      $fn$`,
  ];
}

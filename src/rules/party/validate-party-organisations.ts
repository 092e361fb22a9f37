import { z } from 'zod';
import { CivicGridError, type Issue } from '../../errors/civic-grid-error.js';
import { parseWithSchema } from '../../errors/parse-with-schema.js';
import { PARTY_ORG_ATTACHMENT, PARTY_ORG_LEVELS, type PartyOrganisation, PartyOrganisationSchema } from '../../model/party-organisation.js';
import type { Hierarchy } from '../hierarchy/hierarchy.js';

/**
 * Checks the four-level party organisation (四级组织体系) against the city
 * hierarchy: each organisation sits on a node of its level, and its parent
 * organisation sits on the parent node, one party level up. Throws
 * VALIDATION_FAILED listing every violation.
 */
export function validatePartyOrganisations(organisations: readonly unknown[], hierarchy: Hierarchy): PartyOrganisation[] {
  const parsed = parseWithSchema(z.array(PartyOrganisationSchema), organisations, 'party organisations');
  const byId = new Map<string, PartyOrganisation>();
  const issues: Issue[] = [];
  parsed.forEach((org, index) => {
    if (byId.has(org.id)) issues.push({ path: [index, 'id'], message: `duplicate party organisation id "${org.id}"` });
    else byId.set(org.id, org);
  });
  parsed.forEach((org, index) => {
    const node = hierarchy.get(org.nodeId);
    const expectedLevel = PARTY_ORG_ATTACHMENT[org.level];
    if (node === undefined) {
      issues.push({ path: [index, 'nodeId'], message: `${org.level} "${org.id}" is attached to unknown node "${org.nodeId}"` });
      return;
    }
    if (node.level !== expectedLevel) {
      issues.push({ path: [index, 'nodeId'], message: `${org.level} "${org.id}" must be attached to a ${expectedLevel}, but "${node.id}" is a ${node.level}` });
    }
    if (org.parentId === null) return;
    const parent = byId.get(org.parentId);
    if (parent === undefined) {
      issues.push({ path: [index, 'parentId'], message: `${org.level} "${org.id}" names unknown parent organisation "${org.parentId}"` });
      return;
    }
    const expectedParentLevel = PARTY_ORG_LEVELS[PARTY_ORG_LEVELS.indexOf(org.level) - 1];
    if (parent.level !== expectedParentLevel) {
      issues.push({ path: [index, 'parentId'], message: `the parent of ${org.level} "${org.id}" must be a ${expectedParentLevel}, but "${parent.id}" is a ${parent.level}` });
    } else if (node.parentId !== parent.nodeId) {
      issues.push({ path: [index, 'parentId'], message: `${org.level} "${org.id}" sits on "${node.id}", which is not below "${parent.nodeId}" where its parent "${parent.id}" sits` });
    }
  });
  if (issues.length > 0) throw CivicGridError.validation('party organisations', issues);
  return parsed;
}

/**
 * The roles a Fairview account can hold. Every role except administrator is scoped to one
 * organisation (a practice, PCN, sub-ICB location, ICB or region): the role then reaches that
 * organisation and everything whose ancestry includes it.
 */
export const ROLES = [
  'administrator',
  'commissioning_analyst',
  'commissioning_manager',
  'practice_manager',
  'practice_partner',
  'area_team',
  'committee_lay',
  'committee_executive',
  'committee_gp',
  'observer',
  'lmc_representative',
] as const;

export type Role = (typeof ROLES)[number];

/** One role held by one user, reaching one organisation (null only for administrators). */
export interface RoleAssignment {
  role: Role;
  organisationCode: string | null;
}

export const ROLE_LABELS: Record<Role, string> = {
  administrator: 'Administrator',
  commissioning_analyst: 'Commissioning analyst',
  commissioning_manager: 'Commissioning manager',
  practice_manager: 'Practice manager',
  practice_partner: 'Practice partner',
  area_team: 'NHS England area team',
  committee_lay: 'Committee lay member',
  committee_executive: 'Committee executive member',
  committee_gp: 'Committee GP member',
  observer: 'Observer (Healthwatch or local authority)',
  lmc_representative: 'LMC representative',
};

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/** Administrators act across England; every other role must name the organisation it reaches. */
export function roleNeedsOrganisation(role: Role): boolean {
  return role !== 'administrator';
}

export class RoleSpecError extends Error {}

/**
 * Reads `ROLE[:ORG]` as typed on the command line, e.g. `practice_manager:A81001`,
 * `commissioning_analyst:16C` or `administrator`. Organisation codes are upper-cased, as ODS writes them.
 */
export function parseRoleSpec(spec: string): RoleAssignment {
  const [rawRole = '', rawOrg, ...rest] = spec.trim().split(':');
  const role = rawRole.trim().toLowerCase().replaceAll('-', '_');
  if (rest.length > 0) throw new RoleSpecError(`'${spec}': expected ROLE or ROLE:ORGANISATION`);
  if (!isRole(role)) throw new RoleSpecError(`'${rawRole}' is not a role; roles are: ${ROLES.join(', ')}`);
  const organisationCode = rawOrg?.trim() ? rawOrg.trim().toUpperCase() : null;
  if (roleNeedsOrganisation(role) && organisationCode === null) {
    throw new RoleSpecError(`the ${role} role needs an organisation, e.g. ${role}:A81001`);
  }
  if (!roleNeedsOrganisation(role) && organisationCode !== null) {
    throw new RoleSpecError(`the ${role} role covers all of England and takes no organisation`);
  }
  if (organisationCode !== null && !/^[A-Z0-9]{2,10}$/.test(organisationCode)) {
    throw new RoleSpecError(`'${organisationCode}' is not an organisation code`);
  }
  return { role, organisationCode };
}

export function formatRole(assignment: RoleAssignment): string {
  const label = ROLE_LABELS[assignment.role];
  return assignment.organisationCode ? `${label} for ${assignment.organisationCode}` : label;
}

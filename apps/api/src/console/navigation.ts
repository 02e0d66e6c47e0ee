import type { Role } from '@waymark/db';

/** A section of the console in the service navigation: the pages under `href`. */
export interface ConsoleSection {
  text: string;
  href: string;
  /** Only these roles see the link (the routes check roles themselves); everyone when absent. */
  roles?: Role[];
}

/** The console's sections, in navigation order. A new section of pages is one line here. */
export const CONSOLE_SECTIONS: ConsoleSection[] = [
  { text: 'Overview', href: '/console' },
  { text: 'Actions', href: '/console/actions' },
  { text: 'KPIs', href: '/console/kpis' },
  { text: 'Replies', href: '/console/replies', roles: ['ADMIN', 'COORDINATOR'] },
  { text: 'Evidence', href: '/console/evidence' },
  { text: 'Plan', href: '/console/plan' },
  { text: 'Board', href: '/console/board' },
  { text: 'Users', href: '/console/users', roles: ['ADMIN'] },
  { text: 'Return and review', href: '/console/statutory' },
];

/** The navigation for the user's role, the section of `path` marked as where they are. */
export function navigationFor(role: Role | undefined, path: string) {
  if (!role) return [];
  return CONSOLE_SECTIONS.filter((section) => !section.roles || section.roles.includes(role)).map(
    ({ text, href }) => {
      const here =
        href === '/console'
          ? path === href || path === `${href}/`
          : path === href || path.startsWith(`${href}/`);
      return { text, href, active: here, current: here && path === href };
    },
  );
}

export const ROLE_NAMES: Record<Role, string> = {
  ADMIN: 'Administrator',
  COORDINATOR: 'Coordinator',
  BOARD_VIEWER: 'Board viewer',
};

import type { NavItem } from '../../navigation';

/** Those who may export filled-in forms may do so in the background, and find the files here. */
export const exportsNav: NavItem = { to: '/exports', label: 'nav.exports', permission: 'responses.read' };

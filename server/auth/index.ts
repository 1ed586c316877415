import { rawExecutor, type Gateway } from '../access/gateway';
import { issueCredentials as issue } from './credentials';
import { revokeUserSessions as revoke } from './sessions';

// What feature code may ask of the auth module, inside the gateway's transaction. Sessions and
// credentials sit below the access model (they decide who the actor is), so they use the raw
// executor; feature code never sees it.

/** A set-password link or a temporary password for an account the caller just created or may manage. */
export function issueCredentials(gw: Gateway, userId: string, mode: 'link' | 'temporary') {
  return issue(rawExecutor(gw), userId, mode);
}

/** Ends every live session of a user (deactivation, password reset). */
export function revokeUserSessions(gw: Gateway, userId: string) {
  return revoke(rawExecutor(gw), userId);
}

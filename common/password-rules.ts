/**
 * The shortest password Ertad accepts. Kept apart from the zod schemas so that the web app's
 * first screens (sign-in, set password) do not pull zod into the initial download.
 */
export const MIN_PASSWORD_LENGTH = 12;

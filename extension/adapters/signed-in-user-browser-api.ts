import browser from 'webextension-polyfill';

/**
 * The managed profile's email, where the browser knows it (Chromium signed in to a school
 * account); undefined elsewhere, including Firefox, which has no such API.
 */
export async function signedInUserEmail(): Promise<string | undefined> {
  const identity = (browser as unknown as { identity?: { getProfileUserInfo?: (details: object) => Promise<{ email?: string }> } })
    .identity;
  if (!identity?.getProfileUserInfo) return undefined;
  try {
    const { email } = await identity.getProfileUserInfo({ accountStatus: 'ANY' });
    return email || undefined;
  } catch {
    return undefined;
  }
}

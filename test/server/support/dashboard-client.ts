import type { FastifyInstance, LightMyRequestResponse } from 'fastify';

/**
 * A browser's part for dashboard tests over `app.inject` (no network): it keeps cookies, reads the
 * CSRF token from the last page shown, and posts forms as a browser does (url-encoded). Redirects
 * are not followed: tests look at the 303 and its Location.
 *
 *   const browser = new DashboardClient(server.app);
 *   await browser.signIn('tech@oak.test', 'correct horse battery');
 *   const page = await browser.get('/account');
 *   const answer = await browser.post('/account/sessions/end-others', {});
 */
export class DashboardClient {
  readonly cookies = new Map<string, string>();
  /** The token of the last page that had a form; posted as `_csrf` unless a test says otherwise. */
  csrfToken = '';

  constructor(
    private readonly app: FastifyInstance,
    private readonly headers: Record<string, string> = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/140.0 Safari/537.36' },
  ) {}

  async get(url: string): Promise<LightMyRequestResponse> {
    const answer = await this.app.inject({ method: 'GET', url, headers: { ...this.headers, cookie: this.cookieHeader() } });
    this.remember(answer);
    return answer;
  }

  /** Posts the fields with the current CSRF token (`_csrf: undefined` leaves it out, `_csrf: 'x'` forges one). */
  async post(url: string, fields: Record<string, string | undefined>): Promise<LightMyRequestResponse> {
    const form = new URLSearchParams();
    for (const [name, value] of Object.entries({ _csrf: this.csrfToken, ...fields })) if (value !== undefined) form.append(name, value);
    const answer = await this.app.inject({
      method: 'POST',
      url,
      headers: { ...this.headers, cookie: this.cookieHeader(), 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    this.remember(answer);
    return answer;
  }

  /** Opens the sign-in page (for its CSRF token) and signs in; the answer to the POST. */
  async signIn(email: string, password: string): Promise<LightMyRequestResponse> {
    await this.get('/signin');
    return this.post('/signin', { email, password });
  }

  sessionCookie(): string | undefined {
    return this.cookies.get('safescreen_session');
  }

  private cookieHeader(): string {
    return [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  private remember(answer: LightMyRequestResponse): void {
    for (const cookie of answer.cookies as { name: string; value: string; expires?: Date; maxAge?: number }[]) {
      const cleared =
        cookie.value === '' || cookie.maxAge === 0 || (cookie.expires !== undefined && cookie.expires.getTime() <= Date.now());
      if (cleared) this.cookies.delete(cookie.name);
      else this.cookies.set(cookie.name, cookie.value);
    }
    const token = /name="_csrf" value="([^"]+)"/.exec(answer.body)?.[1];
    if (token) this.csrfToken = token;
  }
}

/** The Location of a redirect, without the origin. */
export const redirectedTo = (answer: LightMyRequestResponse): string | undefined => answer.headers.location as string | undefined;

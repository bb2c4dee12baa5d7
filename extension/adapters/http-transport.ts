/** One JSON request to the reporting server; `status` 0 means no answer (refused, timed out, offline). */
export interface HttpAnswer {
  status: number;
  body: string;
  retryAfter: string | null;
}

export type HttpTransport = (url: string, body: unknown, credential?: string) => Promise<HttpAnswer>;

export const REQUEST_TIMEOUT_MS = 15_000;

export const fetchTransport: HttpTransport = async (url, body, credential) => {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), REQUEST_TIMEOUT_MS);
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(credential ? { authorization: `Bearer ${credential}` } : {}) },
      body: JSON.stringify(body),
      signal: controller.signal,
      credentials: 'omit',
      cache: 'no-store',
    });
    return { status: response.status, body: await response.text(), retryAfter: response.headers.get('retry-after') };
  } catch (error) {
    return { status: 0, body: String(error), retryAfter: null };
  } finally {
    clearTimeout(timer);
  }
};

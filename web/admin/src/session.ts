// The key typed at sign-in lives in sessionStorage only: it is gone when the
// tab closes, is never put in a URL and never logged.
const keyName = "orders-api.admin.key";

/** savedKey is this tab's key, or null before sign-in. */
export function savedKey(): string | null {
  return sessionStorage.getItem(keyName);
}

/** saveKey keeps key for this tab. */
export function saveKey(key: string): void {
  sessionStorage.setItem(keyName, key);
}

/** forgetKey signs out. */
export function forgetKey(): void {
  sessionStorage.removeItem(keyName);
}

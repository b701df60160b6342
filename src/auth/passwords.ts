import { hash, verify, Algorithm } from '@node-rs/argon2';

// OWASP's recommended argon2id floor (19 MiB, 2 passes) doubled in memory: logins are rare, guesses must be dear.
const OPTIONS = { algorithm: Algorithm.Argon2id, memoryCost: 38_912, timeCost: 2, parallelism: 1 } as const;

/** argon2id hash of a password, in the PHC string format. */
export function hashPassword(password: string): Promise<string> {
  return hash(password, OPTIONS);
}

let verifications = 0;

/** How many password verifications this process has run: tests and the throttle bench count them. */
export function passwordVerificationCount(): number {
  return verifications;
}

/** Verifies a password; never throws on a malformed stored hash, answers false. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  verifications += 1;
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

/**
 * Cryptography, and the only place ciphertext becomes a secret: envelope encryption of provider credentials
 * ({@link io.gatehouse.crypto.SecretBox} under a versioned {@link io.gatehouse.crypto.MasterKeyring}),
 * bearer tokens stored as hashes ({@link io.gatehouse.crypto.Tokens}) and Argon2id passwords
 * ({@link io.gatehouse.crypto.PasswordHasher}), and the console's sealed session cookie
 * ({@link io.gatehouse.crypto.CookieSeal}); both sealers use the one AES-GCM primitive, {@code AesGcm}. Decrypted
 * values travel as {@link io.gatehouse.crypto.Secret}, which never prints itself.
 */
package io.gatehouse.crypto;

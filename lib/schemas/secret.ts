import { z } from "zod";

export const secretNameSchema = z
  .string()
  .regex(
    /^[A-Z][A-Z0-9_]{0,63}$/,
    "Use UPPER_SNAKE_CASE, e.g. STRIPE_API_KEY (at most 64 characters)",
  );

export const setSecretInput = z.object({
  name: secretNameSchema,
  // At least 4 characters: shorter values could not be redacted from logs without shredding them.
  value: z
    .string()
    .min(4, "Enter the secret's value (at least 4 characters)")
    .max(65_536, "A secret holds at most 64 KB"),
});

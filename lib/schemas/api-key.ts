import { z } from "zod";

export const createApiKeyInput = z.object({
  name: z.string().trim().min(1, "Enter a name for the key").max(100, "Name is too long"),
});

export const apiKeyIdInput = z.object({ keyId: z.string().min(1).max(64) });

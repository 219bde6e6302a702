import "server-only";
import { signUpInput } from "@/lib/schemas/auth";
import { signUp } from "../../users/sign-up";
import { publicProcedure, router } from "../trpc";

export const authRouter = router({
  /** The same answer whether or not the email was registered already (no enumeration). */
  signUp: publicProcedure.input(signUpInput).mutation(async ({ input, ctx }) => {
    await signUp(input, ctx.ip);
    return { email: input.email };
  }),
});

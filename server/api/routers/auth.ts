import "server-only";
import { signUpInput } from "@/lib/schemas/auth";
import { signUp } from "../../users/sign-up";
import { publicProcedure, router } from "../trpc";

export const authRouter = router({
  signUp: publicProcedure.input(signUpInput).mutation(({ input, ctx }) => signUp(input, ctx.ip)),
});

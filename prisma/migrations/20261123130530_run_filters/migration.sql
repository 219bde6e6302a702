-- CreateIndex
CREATE INDEX "Run_teamId_status_createdAt_idx" ON "Run"("teamId", "status", "createdAt");

-- CreateIndex
CREATE INDEX "Run_teamId_trigger_createdAt_idx" ON "Run"("teamId", "trigger", "createdAt");


-- CreateEnum
CREATE TYPE "NotificationChannel" AS ENUM ('WEBHOOK', 'SLACK', 'EMAIL');

-- CreateTable
CREATE TABLE "FlowNotification" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "channel" "NotificationChannel" NOT NULL,
    "config" JSONB NOT NULL,
    "onSuccess" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FlowNotification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "FlowNotification_flowId_idx" ON "FlowNotification"("flowId");

-- AddForeignKey
ALTER TABLE "FlowNotification" ADD CONSTRAINT "FlowNotification_teamId_fkey" FOREIGN KEY ("teamId") REFERENCES "Team"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FlowNotification" ADD CONSTRAINT "FlowNotification_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;


-- CreateTable
CREATE TABLE "BlockPublication" (
    "id" TEXT NOT NULL,
    "teamId" TEXT NOT NULL,
    "flowId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL DEFAULT '',
    "icon" TEXT NOT NULL DEFAULT 'box',
    "resultNodeId" TEXT,
    "deprecated" BOOLEAN NOT NULL DEFAULT false,
    "publishedById" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "BlockPublication_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BlockPublication_flowId_key" ON "BlockPublication"("flowId");

-- CreateIndex
CREATE INDEX "BlockPublication_teamId_idx" ON "BlockPublication"("teamId");

-- AddForeignKey
ALTER TABLE "BlockPublication" ADD CONSTRAINT "BlockPublication_flowId_fkey" FOREIGN KEY ("flowId") REFERENCES "Flow"("id") ON DELETE CASCADE ON UPDATE CASCADE;


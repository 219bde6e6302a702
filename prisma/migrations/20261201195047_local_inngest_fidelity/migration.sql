-- AlterTable
ALTER TABLE "inngest_run" ADD COLUMN     "called_at" TIMESTAMPTZ(3),
ADD COLUMN     "pending" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "state_size" BIGINT NOT NULL DEFAULT 0;

-- AlterTable
ALTER TABLE "inngest_queue_item" ADD COLUMN     "parallel_mode" TEXT;


-- AlterTable
ALTER TABLE "Board" ADD COLUMN     "reportWorkingDaysBefore" INTEGER NOT NULL DEFAULT 5;

-- CreateTable
CREATE TABLE "BoardReport" (
    "id" UUID NOT NULL,
    "partnershipId" UUID NOT NULL,
    "boardId" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "strategyId" UUID NOT NULL,
    "periodKey" TEXT NOT NULL,
    "asOf" TIMESTAMP(3) NOT NULL,
    "fileName" TEXT NOT NULL,
    "content" BYTEA NOT NULL,
    "sha256" TEXT NOT NULL,
    "summary" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "BoardReport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "BoardReport_boardId_meetingId_key" ON "BoardReport"("boardId", "meetingId");

-- AddForeignKey
ALTER TABLE "BoardReport" ADD CONSTRAINT "BoardReport_boardId_fkey" FOREIGN KEY ("boardId") REFERENCES "Board"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "BoardReport" ADD CONSTRAINT "BoardReport_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "BoardMeeting"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

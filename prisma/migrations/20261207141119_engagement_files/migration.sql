-- CreateTable
CREATE TABLE "EngagementFile" (
    "id" UUID NOT NULL,
    "responseId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "sizeBytes" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngagementFile_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EngagementFile_responseId_idx" ON "EngagementFile"("responseId");

-- AddForeignKey
ALTER TABLE "EngagementFile" ADD CONSTRAINT "EngagementFile_responseId_fkey" FOREIGN KEY ("responseId") REFERENCES "EngagementResponse"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "Organisation" ADD COLUMN     "defaultContactId" UUID;

-- AddForeignKey
ALTER TABLE "Organisation" ADD CONSTRAINT "Organisation_defaultContactId_fkey" FOREIGN KEY ("defaultContactId") REFERENCES "Contact"("id") ON DELETE SET NULL ON UPDATE CASCADE;

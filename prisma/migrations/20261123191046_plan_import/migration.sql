-- AlterTable
ALTER TABLE "Action" ADD COLUMN     "startDate" DATE,
ADD COLUMN     "startDateText" TEXT;

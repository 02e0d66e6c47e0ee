import { Module } from '@nestjs/common';
import { BoardMeetingsService } from './board-meetings.service';
import { BoardsService } from './boards.service';
import { ContactsService } from './contacts.service';
import { OrganisationsService } from './organisations.service';
import { PartnershipsService } from './partnerships.service';

const services = [
  PartnershipsService,
  OrganisationsService,
  ContactsService,
  BoardsService,
  BoardMeetingsService,
];

/** The partnership and the people in it: organisations, contacts, boards, their members and meetings. */
@Module({ providers: services, exports: services })
export class PartnershipsModule {}

export * from './board-composition';
export * from './board-meetings.service';
export * from './boards.service';
export * from './contacts.service';
export * from './organisations.service';
export * from './partnerships.module';
export * from './partnerships.service';

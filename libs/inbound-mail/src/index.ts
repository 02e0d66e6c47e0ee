export * from './imap-poller';
export * from './inbound-mail.module';
export * from './inbound-mail.service';
export * from './quoted-text';
export * from './reply-fields';
export * from './smtp-listener';
export * from './uk-date';

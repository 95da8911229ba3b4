import type { Notification, NotificationList, TestMailRecorded } from './notification.answers';

/** The notification service's internal API, route by route (below `/issuers/:issuerId`), with what each answers. */
export interface NotificationServiceRoutes {
  'GET /notifications': NotificationList;
  'GET /notifications/:id': Notification;
  'POST /test-mails': TestMailRecorded;
}

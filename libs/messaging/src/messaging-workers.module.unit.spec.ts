import { Test } from '@nestjs/testing';
import { MessagingWorker, MessagingWorkersModule } from './messaging-workers.module';

describe('MessagingWorkersModule', () => {
  it('starts the workers in order when the app starts and stops them in reverse when it closes', async () => {
    const journal: string[] = [];
    const worker = (name: string): MessagingWorker => ({
      name,
      start: async () => void journal.push(`start ${name}`),
      stop: async () => void journal.push(`stop ${name}`),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [MessagingWorkersModule.register({ useFactory: () => [worker('relay'), worker('consumer')] })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });

    await app.init();
    expect(journal).toEqual(['start relay', 'start consumer']);
    await app.close();
    expect(journal).toEqual(['start relay', 'start consumer', 'stop consumer', 'stop relay']);
  });
});

import { Test } from '@nestjs/testing';
import { BackgroundWorker, WorkersModule } from './workers.module';

describe('WorkersModule', () => {
  it('starts the workers in order when the app starts and stops them in reverse when it closes', async () => {
    const journal: string[] = [];
    const worker = (name: string): BackgroundWorker => ({
      name,
      start: async () => void journal.push(`start ${name}`),
      stop: async () => void journal.push(`stop ${name}`),
    });
    const moduleRef = await Test.createTestingModule({
      imports: [WorkersModule.register({ useFactory: () => [worker('relay'), worker('consumer')] })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });

    await app.init();
    expect(journal).toEqual(['start relay', 'start consumer']);
    await app.close();
    expect(journal).toEqual(['start relay', 'start consumer', 'stop consumer', 'stop relay']);
  });
});

const t = Date.now(); require('./libs/event-store/src/index'); console.log('import ms', Date.now() - t);

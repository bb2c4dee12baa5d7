import browser from 'webextension-polyfill';

/** Wake-ups that survive the service worker being stopped (and the browser restarting). */
export interface Alarms {
  at(name: string, when: number): Promise<void>;
  onAlarm(name: string, listener: () => void): void;
}

export function browserAlarms(): Alarms {
  return {
    at: (name, when) => browser.alarms.create(name, { when }),
    onAlarm(name, listener) {
      browser.alarms.onAlarm.addListener((alarm) => {
        if (alarm.name === name) listener();
      });
    },
  };
}

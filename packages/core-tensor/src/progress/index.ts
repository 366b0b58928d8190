export {
  type ConsoleProgressOptions,
  consoleProgressReporter,
  formatDuration,
  formatProgressEvent,
  silentProgressReporter,
} from './console-progress-reporter.js';
export {
  ProgressTracker,
  type ProgressTrackerOptions,
} from './progress-tracker.js';

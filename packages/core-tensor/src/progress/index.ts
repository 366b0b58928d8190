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
  type TrackedProgressEvent,
} from './progress-tracker.js';

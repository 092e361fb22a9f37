import { CivicGridError } from '../../errors/civic-grid-error.js';

const DAY_MS = 86_400_000;

/** A built working-time calendar: opaque, immutable, made by createWorkCalendar or chinaWorkCalendar. */
export interface WorkCalendar {
  readonly timeZone: string;
}

/** The parts of a day table, all UTC ms, in local date order. */
export interface DayTableParts {
  timeZone: string;
  /** nDays + 1 instants: the start of each local day, then the end of the last. */
  dayStart: Float64Array;
  /** nDays + 1 index into the ranges: the first range of each day, then the count. */
  dayFirstRange: Int32Array;
  rangeStart: Float64Array;
  rangeEnd: Float64Array;
  /** The years whose days are known, for the messages of out-of-range errors. */
  coveredYears: { from: number; to: number };
  /** How to cover more years, for the same messages. */
  outOfRangeHint: string;
}

/**
 * The working time of a calendar as a day table: per local day its start instant and
 * the working ms before it (cumulative), per range its UTC bounds. Every query is a
 * division, a short step and a scan of one day's ranges, or a binary search: no loop
 * over days or minutes. W(t), the working ms from the table's start to t, is the one
 * function everything else is built on.
 * @internal
 */
export class WorkCalendarTable implements WorkCalendar {
  readonly timeZone: string;
  readonly #dayStart: Float64Array;
  readonly #dayFirstRange: Int32Array;
  readonly #rangeStart: Float64Array;
  readonly #rangeEnd: Float64Array;
  /** Working ms before each day (nDays + 1 entries). */
  readonly #dayWorkBefore: Float64Array;
  /** Working days (days with working time) before each day (nDays + 1 entries). */
  readonly #workingDaysBefore: Int32Array;
  /** The index of each working day, in order. */
  readonly #workingDays: Int32Array;
  readonly #days: number;
  readonly #coveredYears: { from: number; to: number };
  readonly #outOfRangeHint: string;

  constructor(parts: DayTableParts) {
    this.timeZone = parts.timeZone;
    this.#dayStart = parts.dayStart;
    this.#dayFirstRange = parts.dayFirstRange;
    this.#rangeStart = parts.rangeStart;
    this.#rangeEnd = parts.rangeEnd;
    this.#days = parts.dayStart.length - 1;
    this.#coveredYears = parts.coveredYears;
    this.#outOfRangeHint = parts.outOfRangeHint;
    this.#dayWorkBefore = new Float64Array(this.#days + 1);
    this.#workingDaysBefore = new Int32Array(this.#days + 1);
    const workingDays: number[] = [];
    for (let day = 0; day < this.#days; day++) {
      let work = 0;
      for (let range = parts.dayFirstRange[day]!; range < parts.dayFirstRange[day + 1]!; range++) work += parts.rangeEnd[range]! - parts.rangeStart[range]!;
      if (work > 0) workingDays.push(day);
      this.#dayWorkBefore[day + 1] = this.#dayWorkBefore[day]! + work;
      this.#workingDaysBefore[day + 1] = workingDays.length;
    }
    this.#workingDays = Int32Array.from(workingDays);
    Object.freeze(this);
  }

  /** Total working ms of the table. */
  get totalWork(): number {
    return this.#dayWorkBefore[this.#days]!;
  }

  /** Throws VALIDATION_FAILED at `path` unless the instant lies within the table (its last end included). */
  checkCovered(time: number, path: (string | number)[]): void {
    if (time >= this.#dayStart[0]! && time <= this.#dayStart[this.#days]!) return;
    throw this.outOfRange(path, `${new Date(time).toISOString()} is outside the calendar's known years`);
  }

  /** CALENDAR_OUT_OF_RANGE: a VALIDATION_FAILED naming the years the calendar knows. */
  outOfRange(path: (string | number)[], what: string): CivicGridError {
    const { from, to } = this.#coveredYears;
    return CivicGridError.validation('CALENDAR_OUT_OF_RANGE', [{ path, message: `${what} ${from}–${to} (${this.timeZone}); ${this.#outOfRangeHint}` }]);
  }

  /** The local day holding a covered instant (the last day for the table's end). */
  #dayOf(time: number): number {
    const dayStart = this.#dayStart;
    let day = Math.min(this.#days - 1, Math.max(0, Math.floor((time - dayStart[0]!) / DAY_MS)));
    // Days are 23 to 25 hours (a skipped date is empty), so the estimate is off by a step or two at most.
    while (day > 0 && dayStart[day]! > time) day--;
    while (day < this.#days - 1 && dayStart[day + 1]! <= time) day++;
    return day;
  }

  /** W(t): working ms from the table's start to a covered instant. */
  workBefore(time: number): number {
    const day = this.#dayOf(time);
    return this.#dayWorkBefore[day]! + this.#workInDayBefore(day, time);
  }

  /** Working ms of `day` before `time`, an instant of that day. */
  #workInDayBefore(day: number, time: number): number {
    let work = 0;
    for (let range = this.#dayFirstRange[day]!; range < this.#dayFirstRange[day + 1]!; range++) {
      const start = this.#rangeStart[range]!;
      const end = this.#rangeEnd[range]!;
      if (time >= end) work += end - start;
      else {
        if (time > start) work += time - start;
        break;
      }
    }
    return work;
  }

  /**
   * The earliest instant t with W(t) = work, for 0 < work ≤ total: the instant the
   * working time is used up, inside a range or at its close, never in a break.
   * Undefined past the table's end.
   */
  instantOfWork(work: number): number | undefined {
    const before = this.#dayWorkBefore;
    if (!(work <= before[this.#days]!)) return undefined;
    // The first day whose cumulative end reaches `work`: guessed from the mean working
    // time per day (weeks repeat, so the guess is close), bracketed by doubling steps,
    // then found by binary search within the bracket.
    const last = this.#days - 1;
    const guess = Math.min(last, Math.floor((work / before[this.#days]!) * this.#days));
    let low = guess;
    let high = guess;
    for (let step = 1; low > 0 && before[low]! >= work; step *= 2) low = Math.max(0, low - step);
    for (let step = 1; high < last && before[high + 1]! < work; step *= 2) high = Math.min(last, high + step);
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (before[middle + 1]! >= work) high = middle;
      else low = middle + 1;
    }
    let left = work - before[low]!;
    const lastRange = this.#dayFirstRange[low + 1]! - 1;
    for (let range = this.#dayFirstRange[low]!; range < lastRange; range++) {
      const length = this.#rangeEnd[range]! - this.#rangeStart[range]!;
      if (left <= length) return this.#rangeStart[range]! + left;
      left -= length;
    }
    return this.#rangeStart[lastRange]! + left;
  }

  isWorking(time: number): boolean {
    const day = this.#dayOf(time);
    for (let range = this.#dayFirstRange[day]!; range < this.#dayFirstRange[day + 1]!; range++) {
      if (time < this.#rangeEnd[range]!) return time >= this.#rangeStart[range]!;
    }
    return false;
  }

  /** The covered instant itself when working, else the next range's start; undefined past the table. */
  nextWorking(time: number): number | undefined {
    const day = this.#dayOf(time);
    for (let range = this.#dayFirstRange[day]!; range < this.#dayFirstRange[day + 1]!; range++) {
      if (time < this.#rangeEnd[range]!) return Math.max(time, this.#rangeStart[range]!);
    }
    const next = this.#workingDays[this.#workingDaysBefore[day + 1]!];
    return next === undefined ? undefined : this.#rangeStart[this.#dayFirstRange[next]!];
  }

  /**
   * The working time `days` working days after a working instant, at the same working
   * position in its day (working ms since the day's opening), or at the close of a
   * shorter day. Undefined past the table.
   */
  workingDaysLater(working: number, days: number): number | undefined {
    const day = this.#dayOf(working);
    const position = this.#workInDayBefore(day, working);
    const target = this.#workingDays[this.#workingDaysBefore[day]! + days];
    if (target === undefined) return undefined;
    const dayWork = this.#dayWorkBefore[target + 1]! - this.#dayWorkBefore[target]!;
    return this.instantOfWork(this.#dayWorkBefore[target]! + Math.min(position, dayWork));
  }
}

// What a spend chart draws for a daily budget: the line and the days that went over. The chart
// owns the shape; widgets/budgetOverlay computes it from the API's budget days.
export interface OverBudgetDay {
  day: string;
  spentUsd: number;
  /** The first and last bucket labels of the day on this chart. */
  x1: string;
  x2: string;
}

export interface BudgetOverlay {
  name: string;
  amountUsd: number;
  /** Where the line is drawn, in the chart's units (dollars per bucket). */
  lineUsd: number;
  lineLabel: string;
  over: OverBudgetDay[];
}

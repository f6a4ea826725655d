// Wald's sequential probability ratio test. Each observation adds ln(P(x | bot) / P(x | human));
// the test stops at the first crossing of A = ln((1-β)/α) (bot) or B = ln(β/(1-α)) (human), so
// that about α of humans are judged bots and β of bots judged human (Wald, 1945).
export interface Thresholds {
  /** ln((1-β)/α): at or above, bot. */
  upper: number;
  /** ln(β/(1-α)): at or below, human. */
  lower: number;
}

export function thresholds(falsePositiveRate: number, falseNegativeRate: number): Thresholds {
  const a = falsePositiveRate;
  const b = falseNegativeRate;
  return { upper: Math.log((1 - b) / a), lower: Math.log(b / (1 - a)) };
}

export type Outcome = 'bot' | 'human' | 'continue';

export function sprtOutcome(llr: number, t: Thresholds): Outcome {
  if (llr >= t.upper) return 'bot';
  if (llr <= t.lower) return 'human';
  return 'continue';
}

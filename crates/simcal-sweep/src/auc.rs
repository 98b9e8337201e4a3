//! Area under the ROC curve and average precision.

use crate::curves::ThresholdSweep;

impl ThresholdSweep {
    /// ROC-AUC by the trapezoid rule from the origin through every operating
    /// point, which counts a tied positive-negative pair as half a correct
    /// ranking (the Mann-Whitney statistic). Sums run on exact integers.
    pub fn roc_auc(&self) -> f64 {
        let mut doubled_area: u128 = 0;
        let (mut previous_true, mut previous_false) = (0u64, 0u64);
        for (&true_positives, &false_positives) in
            self.true_positives().iter().zip(self.false_positives())
        {
            let width = u128::from(false_positives - previous_false);
            doubled_area += width * u128::from(true_positives + previous_true);
            previous_true = true_positives;
            previous_false = false_positives;
        }
        let doubled_total = 2 * u128::from(self.positives()) * u128::from(self.negatives());
        doubled_area as f64 / doubled_total as f64
    }

    /// Average precision as scikit-learn defines it: the sum over operating
    /// points of (recall gained at the point) x (precision at the point). A
    /// step function, not the trapezoid under the PR curve.
    pub fn average_precision(&self) -> f64 {
        let positives = self.positives() as f64;
        let mut previous_true = 0u64;
        let mut sum = 0.0;
        for (&true_positives, &false_positives) in
            self.true_positives().iter().zip(self.false_positives())
        {
            if true_positives > previous_true {
                let recall_gain = (true_positives - previous_true) as f64 / positives;
                let precision = true_positives as f64 / (true_positives + false_positives) as f64;
                sum += recall_gain * precision;
            }
            previous_true = true_positives;
        }
        sum
    }
}

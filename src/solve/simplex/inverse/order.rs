//! The order in which the LU takes a basis's columns: the triangular parts
//! first and last, the rest (the kernel) between them, sparsest first.
//!
//! A basis is mostly triangular (slacks, and structural columns that are
//! alone in a row once the slacks' rows are gone). Found by singletons, as
//! HiGHS's `HFactor` does before its Markowitz kernel:
//! - a *column singleton* (one entry among the rows still in play) is
//!   pivoted first, on that entry; its row leaves play, which may make
//!   other columns singletons;
//! - a *row singleton* (one entry among the columns still in play) is
//!   pivoted last, on that entry; its column leaves play.
//!
//! Pivoted in that order, neither part adds an entry to `L`, and the
//! kernel's `L` never reaches the row singletons' rows; ordered by their
//! original counts alone (as before), the 20k-column shape's bases held
//! three to six times their own entries in their factors.

use super::BasisColumns;

/// The column order for [`super::Lu::factor`]: column singletons in the
/// order found, the kernel by its entries among the kernel's rows (ties by
/// index), then the row singletons, the last found first. Zero entries
/// count as none.
pub(super) fn triangular_order(m: usize, columns: &BasisColumns) -> Vec<usize> {
    // The basis by rows: each row's columns (an entry per nonzero).
    let mut row_start = vec![0usize; m + 1];
    for column in columns.iter() {
        for &(i, a) in column {
            if a != 0.0 {
                row_start[i + 1] += 1;
            }
        }
    }
    for i in 0..m {
        row_start[i + 1] += row_start[i];
    }
    let mut next = row_start.clone();
    let mut row_columns = vec![0usize; row_start[m]];
    for (c, column) in columns.iter().enumerate() {
        for &(i, a) in column {
            if a != 0.0 {
                row_columns[next[i]] = c;
                next[i] += 1;
            }
        }
    }
    let mut row_live = vec![true; m];
    let mut column_live = vec![true; columns.len()];
    // Column singletons: entries among the live rows.
    let mut column_count: Vec<usize> = columns
        .iter()
        .map(|column| column.iter().filter(|&&(_, a)| a != 0.0).count())
        .collect();
    let mut front = Vec::new();
    let mut queue: std::collections::VecDeque<usize> = (0..columns.len())
        .filter(|&c| column_count[c] == 1)
        .collect();
    while let Some(c) = queue.pop_front() {
        if !column_live[c] || column_count[c] != 1 {
            continue;
        }
        let Some(&(i, _)) = columns[c].iter().find(|&&(i, a)| a != 0.0 && row_live[i]) else {
            continue;
        };
        column_live[c] = false;
        row_live[i] = false;
        front.push(c);
        for &other in &row_columns[row_start[i]..row_start[i + 1]] {
            if column_live[other] {
                column_count[other] -= 1;
                if column_count[other] == 1 {
                    queue.push_back(other);
                }
            }
        }
    }
    // Row singletons among what is left: entries in the live columns.
    let mut row_count = vec![0usize; m];
    for i in (0..m).filter(|&i| row_live[i]) {
        row_count[i] = row_columns[row_start[i]..row_start[i + 1]]
            .iter()
            .filter(|&&c| column_live[c])
            .count();
    }
    let mut back = Vec::new();
    queue.extend((0..m).filter(|&i| row_live[i] && row_count[i] == 1));
    while let Some(i) = queue.pop_front() {
        if !row_live[i] || row_count[i] != 1 {
            continue;
        }
        let Some(&c) = row_columns[row_start[i]..row_start[i + 1]]
            .iter()
            .find(|&&c| column_live[c])
        else {
            continue;
        };
        row_live[i] = false;
        column_live[c] = false;
        back.push(c);
        for &(other, a) in &columns[c] {
            if a != 0.0 && row_live[other] {
                row_count[other] -= 1;
                if row_count[other] == 1 {
                    queue.push_back(other);
                }
            }
        }
    }
    let mut kernel: Vec<usize> = (0..columns.len()).filter(|&c| column_live[c]).collect();
    kernel.sort_by_key(|&c| (column_count[c], c));
    front.extend(kernel);
    front.extend(back.iter().rev());
    front
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A lower-triangular basis listed backwards: the order undoes the
    /// listing, every column found as a singleton.
    #[test]
    fn a_triangular_basis_is_ordered_without_a_kernel() {
        // Column c has entries in rows c..4 (lower triangular), listed
        // from the last column to the first.
        let m = 4;
        let columns: Vec<Vec<(usize, f64)>> = (0..m)
            .rev()
            .map(|c| (c..m).map(|i| (i, 1.0 + i as f64)).collect())
            .collect();
        // Listed column 0 is the original column 3 (a singleton in row 3):
        // first found; then original 2 (row 2 once row 3 is gone), ...
        assert_eq!(
            triangular_order(m, &BasisColumns::from(&columns[..])),
            vec![0, 1, 2, 3]
        );
    }

    /// Row singletons go last, the first found last of all; a kernel
    /// (a 2×2 block with no singleton) sits between, sparsest first; a
    /// zero entry counts as none.
    #[test]
    fn row_singletons_go_last_and_the_kernel_between() {
        // Rows 0 and 1: a full block in columns 0 and 1 (column 0 also
        // holds a zero in row 3). Column 2 covers rows 0 and 2, column 3
        // rows 1, 2 and 3. Row 3 is a row singleton (column 3), then row 2
        // (column 2); no column is a singleton.
        let columns = [
            vec![(0, 1.0), (1, 2.0), (3, 0.0)],
            vec![(0, 3.0), (1, 1.0)],
            vec![(0, 1.0), (2, 1.0)],
            vec![(1, 5.0), (2, 1.0), (3, 1.0)],
        ];
        assert_eq!(
            triangular_order(4, &BasisColumns::from(&columns[..])),
            vec![0, 1, 2, 3]
        );
        // Listed the other way round: the kernel keeps its order by count
        // and index, the singletons theirs (column 3, now 0, last).
        let reversed: Vec<_> = columns.iter().rev().cloned().collect();
        assert_eq!(
            triangular_order(4, &BasisColumns::from(&reversed[..])),
            vec![2, 3, 1, 0]
        );
    }
}

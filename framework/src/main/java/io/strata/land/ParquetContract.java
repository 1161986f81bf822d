package io.strata.land;

import io.strata.model.SourceColumn;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.IntegralType;
import org.apache.spark.sql.types.StringType;

/**
 * A Parquet file against its source's contract. A column already of the declared type (or of a
 * narrower whole-number type, or any type where a string is declared) fits as a whole; a string
 * column's values are checked one by one; a column of another type breaks the contract. Rows are
 * numbered from 1 in the file's order.
 */
final class ParquetContract {
  private ParquetContract() {}

  static Optional<Breach> breach(String file, Dataset<Row> rows, Contract contract) {
    List<SourceColumn> byValue = new ArrayList<>();
    for (SourceColumn column : contract.columns()) {
      DataType actual = rows.schema().apply(column.name()).dataType();
      boolean text = actual instanceof StringType;
      if (text || column.required()) {
        byValue.add(column);
      }
      if (!text && !fitsWhole(actual, column.type())) {
        return Optional.of(
            new Breach(
                file,
                0,
                "its schema",
                column.name(),
                ContractValues.expected(column),
                "a Parquet column of type " + actual.simpleString()));
      }
    }
    if (byValue.isEmpty()) {
      return Optional.empty();
    }
    Contract checked = new Contract(byValue);
    List<Breach> found =
        rows.select(byValue.stream().map(c -> rows.col(c.name())).toArray(Column[]::new))
            .javaRDD()
            .zipWithIndex()
            .flatMap(t -> checked.row(t._1(), file, t._2() + 1).stream().iterator())
            .take(1);
    return found.stream().min(Comparator.comparingLong(Breach::position));
  }

  private static boolean fitsWhole(DataType actual, DataType declared) {
    return declared instanceof StringType
        || actual.sameType(declared)
        || (actual instanceof IntegralType
            && declared instanceof IntegralType
            && actual.defaultSize() <= declared.defaultSize());
  }
}

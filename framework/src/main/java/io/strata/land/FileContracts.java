package io.strata.land;

import io.strata.error.Errors;
import io.strata.model.SourceColumn;
import io.strata.model.TableName;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

/** The files of one input against their table's contract. */
final class FileContracts {
  private FileContracts() {}

  /** How one file is checked against a contract. */
  interface Scan {
    /** Where the file's fields are, for a message; empty when it holds no record to check. */
    Optional<String> fieldsAt();

    Optional<Breach> breach(Contract contract);
  }

  /** A JSON Lines or CSV file, its bad records left out. */
  static Scan text(TextInput text, List<BadRecord> bad) {
    return new Scan() {
      @Override
      public Optional<String> fieldsAt() {
        return text.fieldsLine();
      }

      @Override
      public Optional<Breach> breach(Contract contract) {
        return text.breach(contract, bad);
      }
    };
  }

  static Scan parquet(String file, Dataset<Row> rows) {
    return new Scan() {
      @Override
      public Optional<String> fieldsAt() {
        return Optional.of("its schema");
      }

      @Override
      public Optional<Breach> breach(Contract contract) {
        return ParquetContract.breach(file, rows, contract);
      }
    };
  }

  /**
   * Refuses the first file, in order, that lacks a declared column or holds a record that breaks
   * the contract, naming its first such record.
   */
  static void require(
      TableName table, Map<String, Dataset<Row>> rows, Map<String, Scan> scans, Contract contract) {
    rows.forEach(
        (file, data) -> {
          Scan scan = scans.get(file);
          Optional<String> fieldsAt = scan.fieldsAt();
          if (fieldsAt.isEmpty()) {
            return;
          }
          List<String> fields = List.of(data.columns());
          Optional<SourceColumn> missing = contract.missing(fields);
          if (missing.isPresent()) {
            throw Errors.contractBroken(
                table.toString(),
                file,
                fieldsAt.get(),
                missing.get().name(),
                ContractValues.expected(missing.get()),
                "no such field (the file has " + fields + ")");
          }
          Optional<Breach> breach = scan.breach(contract);
          if (breach.isPresent()) {
            throw breach.get().error(table);
          }
        });
  }

  /** The fields of the files that the contract does not declare; none without a contract. */
  static List<String> undeclared(Contract contract, Collection<Dataset<Row>> files) {
    if (contract == null) {
      return List.of();
    }
    Set<String> declared =
        contract.columns().stream().map(SourceColumn::name).collect(Collectors.toSet());
    Set<String> fields = new TreeSet<>();
    files.forEach(rows -> fields.addAll(List.of(rows.columns())));
    fields.removeAll(declared);
    return List.copyOf(fields);
  }
}

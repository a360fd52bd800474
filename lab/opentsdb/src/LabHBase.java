import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.hbase.HBaseConfiguration;
import org.apache.hadoop.hbase.HBaseTestingUtility;
import org.apache.hadoop.hbase.StartMiniClusterOption;
import org.apache.hadoop.hbase.TableName;
import org.apache.hadoop.hbase.client.Admin;
import org.apache.hadoop.hbase.client.ColumnFamilyDescriptorBuilder;
import org.apache.hadoop.hbase.client.TableDescriptorBuilder;
import org.apache.hadoop.hbase.regionserver.BloomType;

/**
 * The lab's HBase for OpenTSDB: an HBase mini-cluster (ZooKeeper, master, one region server in
 * this JVM, all on loopback, data on the local file system), the four OpenTSDB tables (created
 * together), then the ZooKeeper client port written
 * to {@code <state>/zk.port} (written last, atomically: the file's presence means "ready").
 * Runs until killed. Usage: {@code java LabHBase <state dir>}; data lives under
 * {@code <state>/data} and is thrown away by the next start.
 */
public final class LabHBase {
  /** OpenTSDB's tables and their column families (as in its create_table.sh). */
  private static final Map<String, List<String>> TABLES = Map.of(
      "tsdb", List.of("t"),
      "tsdb-uid", List.of("id", "name"),
      "tsdb-tree", List.of("t"),
      "tsdb-meta", List.of("name"));

  private LabHBase() {
  }

  public static void main(String[] args) throws Exception {
    Path state = Path.of(args[0]).toAbsolutePath();
    long t0 = System.currentTimeMillis();
    System.setProperty("test.build.data.basedirectory", state.resolve("data").toString());
    Configuration conf = HBaseConfiguration.create();
    // everything on loopback, no web UIs
    conf.set("hbase.master.ipc.address", "127.0.0.1");
    conf.set("hbase.regionserver.ipc.address", "127.0.0.1");
    conf.set("hbase.unsafe.regionserver.hostname", "127.0.0.1");
    conf.set("hbase.master.hostname", "127.0.0.1");
    conf.setInt("hbase.master.info.port", -1);
    conf.setInt("hbase.regionserver.info.port", -1);
    conf.set("hbase.zookeeper.quorum", "127.0.0.1");
    // no HDFS: the root dir and the write-ahead log on the local file system (saves a NameNode and
    // a DataNode: start time and memory). Without HDFS's hflush/hsync the WAL cannot promise
    // durability, which a throw-away lab store does not need.
    conf.set("fs.defaultFS", "file:///");
    conf.set("hbase.rootdir", state.resolve("data/root").toUri().toString());
    conf.set("hbase.wal.provider", "filesystem");
    conf.setBoolean("hbase.unsafe.stream.capability.enforce", false);
    // one region server: splitting a region gains nothing and takes it offline for a moment, which
    // the TSD's HBase client answers with "RPCs waiting on ... to come back online" failures
    conf.set("hbase.regionserver.region.split.policy",
        "org.apache.hadoop.hbase.regionserver.DisabledRegionSplitPolicy");
    // the region server reports for duty every msginterval until the master is up (default 3 s)
    conf.setInt("hbase.regionserver.msginterval", 500);
    HBaseTestingUtility util = new HBaseTestingUtility(conf);
    util.startMiniZKCluster();
    util.startMiniHBaseCluster(StartMiniClusterOption.builder().numMasters(1).numRegionServers(1)
        .createRootDir(true).createWALDir(false).build());
    long started = System.currentTimeMillis();
    try (Admin admin = util.getConnection().getAdmin()) {
      List<Future<Void>> created = new ArrayList<>();
      for (Map.Entry<String, List<String>> table : TABLES.entrySet()) {
        TableDescriptorBuilder td = TableDescriptorBuilder.newBuilder(TableName.valueOf(table.getKey()));
        for (String family : table.getValue()) {
          td.setColumnFamily(ColumnFamilyDescriptorBuilder.newBuilder(family.getBytes(StandardCharsets.UTF_8))
              .setMaxVersions(1).setBloomFilterType(BloomType.ROW).build());
        }
        created.add(admin.createTableAsync(td.build()));
      }
      for (Future<Void> f : created) {
        f.get(120, TimeUnit.SECONDS);
      }
    }
    int zkPort = util.getZkCluster().getClientPort();
    writeAtomically(state.resolve("zk.port"), Integer.toString(zkPort));
    System.out.printf("LabHBase: mini-cluster up in %d ms, tables in %d ms, ZooKeeper 127.0.0.1:%d%n",
        started - t0, System.currentTimeMillis() - started, zkPort);
    System.out.flush();
    Thread.currentThread().join(); // until SIGKILL (lab/opentsdb.sh stop)
  }

  private static void writeAtomically(Path file, String text) throws IOException {
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(tmp, text + "\n");
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }
}

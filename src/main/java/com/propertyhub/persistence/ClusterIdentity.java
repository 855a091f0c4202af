package com.propertyhub.persistence;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** The id of the deployment this database belongs to, created by whichever node starts first. */
public final class ClusterIdentity {
    private ClusterIdentity() {
    }

    public static String load(DataSource dataSource) {
        try (Connection c = dataSource.getConnection()) {
            String existing = read(c);
            if (existing != null) {
                return existing;
            }
            try (PreparedStatement insert =
                    c.prepareStatement("insert into cluster_identity (id, cluster_id) values (1, ?)")) {
                insert.setString(1, UUID.randomUUID().toString());
                insert.executeUpdate();
            } catch (SQLException raced) {
                // another node inserted it first; read theirs below
            }
            String id = read(c);
            if (id == null) {
                throw new IllegalStateException("cannot establish the cluster identity");
            }
            return id;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the cluster identity", e);
        }
    }

    private static String read(Connection c) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select cluster_id from cluster_identity where id = 1");
             ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}

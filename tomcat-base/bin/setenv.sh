# PropertyHub Realtime on Tomcat: the JVM defaults of a node, the same flags as the project's .mvn/jvm.config
# (the run command's) and the distribution's bin/propertyhub. Copy this file to $CATALINA_BASE/bin/setenv.sh
# (catalina.sh reads it on start). Chosen by measurement (README "Performance"); for 100,000 streams raise the
# heap (-Xms/-Xmx 3g to 4g).
CATALINA_OPTS="$CATALINA_OPTS -XX:+UseParallelGC -Xms1g -Xmx1g"

/** The operators' tools: the replay that rebuilds the projection beside the live one and switches over, and the checksum. */
package cn.jiyuan.integrity.scoring.replay;
